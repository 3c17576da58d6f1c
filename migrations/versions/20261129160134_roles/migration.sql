-- Hand-written: drizzle-kit does not manage roles.
-- Roles are cluster-wide, so each is created only when missing; their attributes are (re)asserted every time so
-- that a role created by hand with too many rights is brought back to none.
-- app_user: tenant work; app_supervisor: national read-only view; app_api: the API's login, which holds no rights
-- of its own (NOINHERIT) and switches to one of the other two inside each transaction.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_user') THEN
    CREATE ROLE app_user NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_supervisor') THEN
    CREATE ROLE app_supervisor NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_api') THEN
    CREATE ROLE app_api LOGIN NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
ALTER ROLE app_user NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
--> statement-breakpoint
ALTER ROLE app_supervisor NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
--> statement-breakpoint
ALTER ROLE app_api NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION NOINHERIT;
--> statement-breakpoint
GRANT app_user, app_supervisor TO app_api;
