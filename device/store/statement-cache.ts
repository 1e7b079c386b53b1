/**
 * Prepared statements kept by their SQL text, for queries built per call (a list's filters, an IN list's length):
 * preparing one costs more than running it on a page of rows. A handful of shapes in practice; bounded all the same
 * (the oldest goes first).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

export class StatementCache {
  private readonly kept = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly max = 200,
  ) {}

  get(sql: string): Statement {
    let st = this.kept.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.kept.size >= this.max) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(sql, st);
    }
    return st;
  }
}
