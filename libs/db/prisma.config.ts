// Prisma CLI configuration: the JS schema engine over the pg driver adapter, so `prisma generate`
// and `prisma migrate diff` work with no engine download (only the npm registry is reachable).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

process.env['DATABASE_URL'] ??= 'postgresql://postgres@127.0.0.1:5432/test';

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  engine: 'js',
  adapter: async () => new PrismaPg({ connectionString: process.env['DATABASE_URL'] }),
});
