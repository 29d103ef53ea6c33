-- Pattern Shop: one role and one database per service (database per service).
--
-- Idempotent: safe to run on every start. Used by infra/local/up (native) and
-- by the postgres container's /docker-entrypoint-initdb.d (docker compose).
-- Run it as a superuser with psql (it uses \gexec and \connect), e.g.
--   psql -v ON_ERROR_STOP=1 -U postgres -d postgres -f infra/db/init.sql
--
-- The passwords are local development defaults (role name + "_dev"); they only
-- ever listen on loopback or inside the compose network. Never reuse them.

\set ON_ERROR_STOP on

-- 1. Roles: create the missing ones, then (re)set every password so a changed
--    default here is applied to an existing cluster too.
SELECT format('CREATE ROLE %I LOGIN', role_name)
FROM unnest(ARRAY['order_service', 'inventory_service', 'payment_service',
                  'email_service', 'analytics_service', 'pattern_shop_test']) AS role_name
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name)
\gexec

ALTER ROLE order_service     WITH LOGIN PASSWORD 'order_service_dev';
ALTER ROLE inventory_service WITH LOGIN PASSWORD 'inventory_service_dev';
ALTER ROLE payment_service   WITH LOGIN PASSWORD 'payment_service_dev';
ALTER ROLE email_service     WITH LOGIN PASSWORD 'email_service_dev';
ALTER ROLE analytics_service WITH LOGIN PASSWORD 'analytics_service_dev';
ALTER ROLE pattern_shop_test WITH LOGIN PASSWORD 'pattern_shop_test_dev';

-- 2. Databases, each owned by its service's role. pattern_shop_test is for the
--    shared libraries' integration tests (outbox, inbox, saga store).
--    CREATE DATABASE cannot run inside a DO block, hence \gexec.
SELECT format('CREATE DATABASE %I OWNER %I', db, owner)
FROM (VALUES ('orders', 'order_service'),
             ('inventory', 'inventory_service'),
             ('payments', 'payment_service'),
             ('email', 'email_service'),
             ('analytics', 'analytics_service'),
             ('pattern_shop_test', 'pattern_shop_test')) AS wanted(db, owner)
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = db)
\gexec

-- 3. Only the owner may connect: no service can read another service's tables,
--    even by accident (a wrong DATABASE_URL fails loudly instead).
ALTER DATABASE orders            OWNER TO order_service;
ALTER DATABASE inventory         OWNER TO inventory_service;
ALTER DATABASE payments          OWNER TO payment_service;
ALTER DATABASE email             OWNER TO email_service;
ALTER DATABASE analytics         OWNER TO analytics_service;
ALTER DATABASE pattern_shop_test OWNER TO pattern_shop_test;

REVOKE ALL ON DATABASE orders, inventory, payments, email, analytics, pattern_shop_test FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE orders            TO order_service;
GRANT CONNECT, TEMPORARY ON DATABASE inventory         TO inventory_service;
GRANT CONNECT, TEMPORARY ON DATABASE payments          TO payment_service;
GRANT CONNECT, TEMPORARY ON DATABASE email             TO email_service;
GRANT CONNECT, TEMPORARY ON DATABASE analytics         TO analytics_service;
GRANT CONNECT, TEMPORARY ON DATABASE pattern_shop_test TO pattern_shop_test;

-- 4. Inside each database the owner role owns the public schema, so its
--    migrations create tables there; nobody else gets any right on it.
\connect orders
ALTER SCHEMA public OWNER TO order_service;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

\connect inventory
ALTER SCHEMA public OWNER TO inventory_service;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

\connect payments
ALTER SCHEMA public OWNER TO payment_service;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

\connect email
ALTER SCHEMA public OWNER TO email_service;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

\connect analytics
ALTER SCHEMA public OWNER TO analytics_service;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

\connect pattern_shop_test
ALTER SCHEMA public OWNER TO pattern_shop_test;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

\connect postgres
