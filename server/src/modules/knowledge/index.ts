// The knowledge module registers its GraphQL types here (see README: Layout).
export {};
