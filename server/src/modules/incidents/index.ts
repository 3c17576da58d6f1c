// The incidents module: incidents (one problem, many calls) and planned outages — types, queries and mutations.
import './types.js';
import './mutations.js';
