import path from 'node:path';

// SQLite by default (zero setup); PostgreSQL with DATABASE_CLIENT=postgres and either
// DATABASE_URL or the DATABASE_HOST/PORT/NAME/USERNAME/PASSWORD variables.
export default ({ env }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: env('DATABASE_URL')
          ? { connectionString: env('DATABASE_URL'), ssl: env.bool('DATABASE_SSL', false) }
          : {
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'strapi'),
              user: env('DATABASE_USERNAME', 'postgres'),
              password: env('DATABASE_PASSWORD', ''),
              ssl: env.bool('DATABASE_SSL', false),
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
      },
    };
  }

  if (client !== 'sqlite') {
    throw new Error(`DATABASE_CLIENT must be "sqlite" or "postgres", got "${client}"`);
  }

  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(env('DATABASE_FILENAME', path.join(__dirname, '..', '..', '.tmp', 'data.db'))),
      },
      useNullAsDefault: true,
      pool: {
        // WAL: one fsync per commit instead of several, and readers never wait for the writer.
        // synchronous stays FULL, so a committed (acknowledged) message survives a power cut.
        afterCreate: (connection, done) => {
          if (env.bool('DATABASE_SQLITE_WAL', true)) connection.pragma('journal_mode = WAL');
          done(null, connection);
        },
      },
    },
  };
};
