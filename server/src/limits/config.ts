/** What one caller may cost the platform (README, configuration: the variables that set each). */
export interface ApiLimits {
  /** Characters of a GraphQL document (GRAPHQL_MAX_LENGTH). */
  maxLength: number;
  /** Lexical tokens of a document (GRAPHQL_MAX_TOKENS). */
  maxTokens: number;
  /** Nesting of selections (GRAPHQL_MAX_DEPTH). */
  maxDepth: number;
  /** Aliased fields (GRAPHQL_MAX_ALIASES). */
  maxAliases: number;
  /** Directives (GRAPHQL_MAX_DIRECTIVES). */
  maxDirectives: number;
  /** Estimated cost: fields, multiplied by the page sizes above them (GRAPHQL_MAX_COST). */
  maxCost: number;
  /** Bytes of a request body (HTTP_BODY_LIMIT_KB). */
  bodyLimitBytes: number;
  /** Seconds any one SQL statement of a tenant transaction may run (STATEMENT_TIMEOUT). */
  statementTimeoutSeconds: number;
  /** GraphQL requests per window: per caller, per company (0: no limit) (RATE_LIMIT_*). */
  rateLimit: { client: number; company: number; windowSeconds: number };
  /** Operations one process works on at once before it answers 503 (MAX_IN_FLIGHT; 0: no limit). */
  maxInFlight: number;
}

/**
 * Room for every screen of the portal (its largest operation, an incident list with each incident's linked
 * requests, with a page of 50, costs about 15,000 and nests 8 deep) and for integrators, far below what held the database before.
 */
export const defaultApiLimits: ApiLimits = {
  maxLength: 20_000,
  maxTokens: 3_000,
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 50,
  maxCost: 50_000,
  bodyLimitBytes: 256 * 1024,
  statementTimeoutSeconds: 15,
  rateLimit: { client: 600, company: 12_000, windowSeconds: 60 },
  maxInFlight: 200,
};
