import { ConfigurationError } from '@abfa/schema';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { defaultApiLimits } from './limits/config.js';

/** The ConfigurationError that `loadConfig(env)` throws. */
function refused(env: Record<string, string>): ConfigurationError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('defaults to embedded mode on port 4000 with auto-migration', () => {
    const config = loadConfig({});
    expect(config.embedded).toBe(true);
    expect(config.PORT).toBe(4000);
    expect(config.autoMigrate).toBe(true);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('does not auto-migrate against a database server unless asked', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db.example:5432/abfa' });
    expect(config.embedded).toBe(false);
    expect(config.autoMigrate).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db.example:5432/abfa', AUTO_MIGRATE: 'true' }).autoMigrate).toBe(
      true,
    );
    expect(loadConfig({ AUTO_MIGRATE: 'false' }).autoMigrate).toBe(false);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 4000, embedded: true });
  });

  it('reads a valid port', () => {
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
  });

  it.each(['abc', '70000'])('refuses PORT=%s, naming the variable and the value', (value) => {
    const error = refused({ PORT: value });
    expect(error.message).toContain('PORT');
    expect(error.message).toContain(value);
    expect(error.problems).toHaveLength(1);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL without echoing it', () => {
    const url = 'mysql://x';
    const error = refused({ DATABASE_URL: url });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain(url);
    const secret = 'mysql://admin:s3cret@db.example/abfa';
    const withPassword = refused({ DATABASE_URL: secret });
    expect(withPassword.message).not.toContain('s3cret');
  });

  it('refuses a REDIS_URL that is not redis://', () => {
    const error = refused({ REDIS_URL: 'http://x' });
    expect(error.message).toContain('REDIS_URL');
    expect(error.message).not.toContain('http://x');
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).REDIS_URL).toBe('redis://cache:6379');
  });

  it('lists every bad value in one error', () => {
    const error = refused({ PORT: 'abc', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x', AUTO_MIGRATE: 'maybe' });
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'AUTO_MIGRATE']) expect(error.message).toContain(name);
    expect(error.problems).toHaveLength(4);
  });
});

describe('identity configuration', () => {
  it('runs the embedded issuer by default outside production, and never with OIDC_ISSUER', () => {
    expect(loadConfig({}).embeddedIssuer).toBe(true);
    expect(loadConfig({ OIDC_ISSUER: 'https://sso.abfa.ir/realms/abfa' }).embeddedIssuer).toBe(false);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://sso.abfa.ir/realms/abfa', EMBEDDED_ISSUER: 'true' })).toThrow(
      /EMBEDDED_ISSUER: cannot be combined with OIDC_ISSUER/,
    );
  });

  it('refuses production without OIDC_ISSUER unless the embedded issuer is asked for explicitly', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/OIDC_ISSUER: required in production/);
    expect(
      loadConfig({ NODE_ENV: 'production', EMBEDDED_ISSUER: 'true', EMBEDDED_ISSUER_ACCOUNTS: 'accounts.json' })
        .embeddedIssuer,
    ).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://sso.abfa.ir/realms/abfa' }).embeddedIssuer).toBe(
      false,
    );
  });

  it('names a bad OIDC_ISSUER', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'sso.abfa.ir' })).toThrow(/OIDC_ISSUER: must be an http\(s\) URL/);
  });
});

describe('demo data', () => {
  it('is seeded by default in embedded mode only, and can be switched either way', () => {
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://app_api@127.0.0.1/abfa' }).demoData).toBe(false);
    expect(loadConfig({ DEMO_DATA: 'false' }).demoData).toBe(false);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA: must be true or false/);
  });
});

describe('proxies', () => {
  it('accepts a hop count or a list of subnets, and names a bad value', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe('1');
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'yes please!' })).toThrow(/TRUST_PROXY: must be a hop count/);
  });
});

describe('API workers', () => {
  const shared = {
    DATABASE_URL: 'postgres://app_api@127.0.0.1/abfa',
    REDIS_URL: 'redis://127.0.0.1:6379',
    OIDC_ISSUER: 'https://id.example/realms/abfa',
  };
  it('runs one process by default, several when everything they share is outside the process', () => {
    expect(loadConfig({}).API_WORKERS).toBe(1);
    expect(loadConfig({ ...shared, API_WORKERS: '2' }).API_WORKERS).toBe(2);
  });
  it('names what several workers would lack', () => {
    expect(refused({ API_WORKERS: '2' }).message).toMatch(
      /API_WORKERS: above 1 needs DATABASE_URL.*; REDIS_URL.*; OIDC_ISSUER.*; AUTO_MIGRATE=false and DEMO_DATA=false/,
    );
    expect(refused({ ...shared, API_WORKERS: '2', AUTO_MIGRATE: 'true' }).message).toMatch(/AUTO_MIGRATE=false/);
    expect(refused({ ...shared, REDIS_URL: '', API_WORKERS: '3' }).message).toMatch(/needs REDIS_URL/);
    expect(refused({ API_WORKERS: '0' }).message).toMatch(/API_WORKERS: must be at least 1/);
  });
});

describe('embedded issuer token lifetime', () => {
  it('defaults to 15 minutes and refuses lifetimes the portal could not renew in time', () => {
    expect(loadConfig({}).EMBEDDED_ISSUER_TOKEN_TTL).toBe(900);
    expect(loadConfig({ EMBEDDED_ISSUER_TOKEN_TTL: '60' }).EMBEDDED_ISSUER_TOKEN_TTL).toBe(60);
    expect(refused({ EMBEDDED_ISSUER_TOKEN_TTL: '30' }).message).toMatch(
      /EMBEDDED_ISSUER_TOKEN_TTL: must be at least 60 seconds/,
    );
  });
});

describe('identity in production', () => {
  const production = { NODE_ENV: 'production' };
  it('refuses an OIDC_ISSUER over plain http, loopback excepted', () => {
    expect(refused({ ...production, OIDC_ISSUER: 'http://sso.abfa.ir/realms/abfa' }).message).toMatch(
      /OIDC_ISSUER: must be https in production/,
    );
    for (const loopback of ['http://127.0.0.1:8080/realms/abfa', 'http://localhost:8080/realms/abfa', 'http://[::1]/r'])
      expect(loadConfig({ ...production, OIDC_ISSUER: loopback }).OIDC_ISSUER).toBe(loopback);
    // Outside production plain http stays allowed (a Keycloak on a developer's machine).
    expect(loadConfig({ OIDC_ISSUER: 'http://sso.test/realms/abfa' }).OIDC_ISSUER).toBe('http://sso.test/realms/abfa');
  });

  it('runs the embedded issuer in production only with configured accounts, never the demo ones', () => {
    expect(refused({ ...production, EMBEDDED_ISSUER: 'true' }).message).toMatch(
      /EMBEDDED_ISSUER_ACCOUNTS: required in production/,
    );
    const config = loadConfig({ ...production, EMBEDDED_ISSUER: 'true', EMBEDDED_ISSUER_ACCOUNTS: 'accounts.json' });
    expect(config).toMatchObject({ embeddedIssuer: true, EMBEDDED_ISSUER_ACCOUNTS: 'accounts.json' });
    expect(
      refused({ OIDC_ISSUER: 'https://sso.abfa.ir/realms/abfa', EMBEDDED_ISSUER_ACCOUNTS: 'a.json' }).message,
    ).toMatch(/EMBEDDED_ISSUER_ACCOUNTS: only with the embedded issuer/);
  });

  it('refuses the embedded issuer in production on a plain-http public URL, loopback excepted', () => {
    const issuer = { ...production, EMBEDDED_ISSUER: 'true', EMBEDDED_ISSUER_ACCOUNTS: 'accounts.json' };
    expect(refused({ ...issuer, PUBLIC_URL: 'http://abfa.example.ir' }).message).toMatch(
      /PUBLIC_URL: must be https in production/,
    );
    expect(loadConfig({ ...issuer, PUBLIC_URL: 'https://abfa.example.ir' }).PUBLIC_URL).toBe('https://abfa.example.ir');
    expect(loadConfig(issuer).embeddedIssuer).toBe(true);
  });
});

describe('API clients (OIDC_CLIENTS)', () => {
  it('is unset by default (the server then allows abfa-web and the integrator clients) and reads a list', () => {
    expect(loadConfig({}).OIDC_CLIENTS).toBeUndefined();
    expect(loadConfig({ OIDC_CLIENTS: 'abfa-web, integrator-*,tehran-pbx' }).OIDC_CLIENTS).toEqual([
      'abfa-web',
      'integrator-*',
      'tehran-pbx',
    ]);
    expect(refused({ OIDC_CLIENTS: 'abfa web' }).message).toMatch(/OIDC_CLIENTS: must be a comma-separated list/);
    expect(refused({ OIDC_CLIENTS: '*' }).message).toMatch(/OIDC_CLIENTS/);
  });
});

describe('limits, CORS and metrics', () => {
  it('defaults every limit and reads each variable into config.limits', () => {
    expect(loadConfig({}).limits).toEqual(defaultApiLimits);
    const limits = loadConfig({
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_COST: '1000',
      HTTP_BODY_LIMIT_KB: '64',
      STATEMENT_TIMEOUT: '5',
      RATE_LIMIT_CLIENT: '0',
      RATE_LIMIT_COMPANY: '500',
      RATE_LIMIT_WINDOW: '10',
      MAX_IN_FLIGHT: '50',
    }).limits;
    expect(limits).toMatchObject({
      maxDepth: 8,
      maxCost: 1000,
      bodyLimitBytes: 65_536,
      statementTimeoutSeconds: 5,
      rateLimit: { client: 0, company: 500, windowSeconds: 10 },
      maxInFlight: 50,
    });
  });

  it('refuses a bad limit naming the variable', () => {
    const problems = refused({ GRAPHQL_MAX_DEPTH: '1', STATEMENT_TIMEOUT: 'soon', RATE_LIMIT_CLIENT: '-1' }).message;
    expect(problems).toMatch(/GRAPHQL_MAX_DEPTH: must be at least 2/);
    expect(problems).toMatch(/STATEMENT_TIMEOUT: must be a number of seconds/);
    expect(problems).toMatch(/RATE_LIMIT_CLIENT: must be at least 0/);
  });

  it('reads CORS_ORIGINS as origins only, and a METRICS_TOKEN long enough to be a secret', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://portal.example',
      'http://localhost:5173',
    ]);
    expect(refused({ CORS_ORIGINS: 'https://portal.example/app' }).message).toMatch(/CORS_ORIGINS.*origins only/);
    expect(refused({ CORS_ORIGINS: '*' }).message).toMatch(/CORS_ORIGINS/);
    expect(refused({ METRICS_TOKEN: 'short' }).message).toMatch(/METRICS_TOKEN: must be at least 16 characters/);
  });
});
