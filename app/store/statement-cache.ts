// Prepared statements by their SQL, prepared once per connection: repositories that write
// their SQL inline (the alert log, the alert queue) still compile each statement only once.
import type Database from 'better-sqlite3';

export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const prepared = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement;
  };
}
