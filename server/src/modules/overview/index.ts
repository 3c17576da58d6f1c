// The overview module: a manager's view of the centre today (see README: Section (a) in the API). Registers its
// GraphQL types here.
import './types.js';
