// The incidents module registers its GraphQL types here (see README: Layout).
export {};
