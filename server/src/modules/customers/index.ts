// The customers module: customers (subscribers) and contacts (see README: Layout).
import './enums.js';
import './types.js';
import './history.js';
import './mutations.js';
