import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

// `prisma generate` needs a postgresql:// URL even though it never connects.
process.env.DATABASE_URL ??= 'postgresql://concord@127.0.0.1:5432/concord';

// The JavaScript schema engine reads pg_catalog columns of types "char" (oid 18) and
// name (oid 19), which adapter-pg cannot decode; present them as text (oid 25).
// CLI-only: the application never loads this file.
type RowDescription = { fields: { dataTypeID: number }[] };
const query = pg.Query.prototype as unknown as { handleRowDescription(this: unknown, msg: RowDescription): void };
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with .call below
const original = query.handleRowDescription;
query.handleRowDescription = function (msg: RowDescription) {
  for (const field of msg.fields) {
    if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
  }
  original.call(this, msg);
};

function connectionFields() {
  const url = new URL(process.env.DATABASE_URL!);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1) || 'postgres',
    idleTimeoutMillis: 200,
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => new PrismaPg(connectionFields()),
});
