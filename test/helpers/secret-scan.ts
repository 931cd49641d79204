// Looks for secrets where a careless store would leave them: the raw bytes of every file
// (database, WAL, shared memory) and every value SQL gives back, in every spelling.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface Needle {
  what: string;
  bytes: Buffer;
}

/**
 * Every spelling of a secret a careless store might leave: UTF-8, UTF-16 (SQLite can store
 * text either way), hex both cases, and base64 in both alphabets at each of the three byte
 * alignments it could sit at inside a longer encoded blob.
 */
export function spellings(what: string, secret: string | Buffer): Needle[] {
  const raw = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
  const out: Needle[] = [
    { what, bytes: raw },
    { what: `${what} (utf-16)`, bytes: Buffer.from(raw.toString('utf8'), 'utf16le') },
    { what: `${what} (hex)`, bytes: Buffer.from(raw.toString('hex')) },
    { what: `${what} (HEX)`, bytes: Buffer.from(raw.toString('hex').toUpperCase()) },
  ];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), raw]).toString('base64');
    // Only the characters that depend on the secret's bytes alone, whatever surrounds it.
    const core = encoded.slice(offset === 0 ? 0 : 4, -4);
    out.push({ what: `${what} (base64 +${offset})`, bytes: Buffer.from(core) });
    out.push({
      what: `${what} (base64url +${offset})`,
      bytes: Buffer.from(core.replace(/\+/g, '-').replace(/\//g, '_')),
    });
  }
  return out;
}

export function filesUnder(dir: string, skip: (relative: string) => boolean = () => false): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((relative) => !skip(relative))
    .map((relative) => path.join(dir, relative))
    .filter((file) => fs.statSync(file).isFile());
}

/** Which needles appear in the raw bytes of these files. */
export function foundInFiles(files: readonly string[], needles: readonly Needle[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    for (const n of needles) if (bytes.includes(n.bytes)) found.push(`${n.what} in ${path.basename(file)}`);
  }
  return found;
}

/** Like `sqlite3 .dump`: the schema and every value of every table, as SQL gives them back. */
export function dumpValues(file: string): Buffer[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const values: Buffer[] = [];
    const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL`).all() as {
      name: string;
      sql: string;
    }[];
    for (const table of tables) {
      values.push(Buffer.from(table.sql));
      if (!table.sql.startsWith('CREATE TABLE') && !table.sql.startsWith('CREATE VIRTUAL TABLE')) continue;
      const quoted = `"${table.name.replace(/"/g, '""')}"`;
      for (const row of db.prepare(`SELECT * FROM ${quoted}`).raw().iterate() as IterableIterator<unknown[]>) {
        for (const value of row) {
          if (typeof value === 'string') values.push(Buffer.from(value, 'utf8'));
          else if (Buffer.isBuffer(value)) values.push(value);
          else if (value !== null) values.push(Buffer.from(String(value)));
        }
      }
    }
    return values;
  } finally {
    db.close();
  }
}

export function foundInDump(file: string, needles: readonly Needle[]): string[] {
  const values = dumpValues(file);
  return needles.filter((n) => values.some((v) => v.includes(n.bytes))).map((n) => `${n.what} in a dumped value`);
}
