// The knowledge module registers its GraphQL types here (see README: Layout): answer scripts per category,
// versioned, searchable in Persian.
import './types.js';
import './mutations.js';
