import { IncrementalTokensYaml } from './incremental-tokens-yaml.js';
import { DEFAULT_ROLES } from './roles.js';
import { readRolesFile, readTokensFile, renderRolesYaml } from './token-files.js';
import { saveFailed } from './token-store-error.js';
import type { PersistedState, TokenStoreState } from './token-store-state.js';

export interface TokenPersistenceOptions {
  rolesFile: string;
  tokensFile: string;
  /** Wait this long after a change before writing (0: write at the next microtask). */
  persistDebounceMs: number;
  /** A write failed: its changes and every later unwritten one were undone. */
  onPersistError: (error: Error) => void;
  /** Replaces `path` durably (the store's default: writeFileAtomic, 0600 in a 0700 directory). */
  writeFile: (path: string, data: string) => Promise<void>;
}

export type PersistedFile = 'roles' | 'tokens';

// Group commit, so an answer means the change is on disk: a change is applied in memory and
// joins the open group for its file; one writer writes the groups in order, each with one
// atomic write, so changes made while a write runs share the next one. A group holds changes
// to one file only, so the two files on disk always show a state the store was in (a token
// never names a role roles.yml lacks). A failed write rolls memory back to what the files
// hold and fails every change not yet written: whoever was told "failed" sees no effect.

/** roles.yml and tokens.yml: read at load, written by group commit after every change. */
export class TokenPersistence {
  /** Groups not yet on disk, oldest first; the writer works on [0]. */
  private readonly commitQueue: CommitGroup[] = [];
  /** What roles.yml and tokens.yml hold: a failed write rolls memory back to it. */
  private committed: PersistedState = { roles: [], tokens: [] };
  /** Bumped by every persisted change, so commitChange() can tell whether its change wrote. */
  private changeCount = 0;
  private writing = false;
  private writeTimer: NodeJS.Timeout | undefined;
  private readonly tokensYaml = new IncrementalTokensYaml();

  constructor(
    private readonly state: TokenStoreState,
    private readonly options: TokenPersistenceOptions,
  ) {}

  /**
   * Reads both files into memory; a missing file means "defaults only" and is created on the
   * first write. A corrupt file throws ConfigError (file + line) and is left untouched.
   */
  load(warn: (message: string) => void): void {
    const { state, options } = this;
    for (const role of DEFAULT_ROLES) state.setRole(role);
    for (const role of readRolesFile(options.rolesFile) ?? []) state.setRole(role);
    const records = readTokensFile(options.tokensFile, new Set(state.roles.keys()));
    for (const record of records ?? []) state.addEntry(record);
    // A missing file is a fresh vault; an existing empty one is more likely a mistake.
    if (records?.length === 0) warn(emptyTokensFileWarning(options.tokensFile));
    this.committed = state.snapshot();
  }

  /** A change to `file` was made in memory: it joins the open group for that file. */
  markDirty(file: PersistedFile): void {
    this.changeCount++;
    const open = this.commitQueue.at(-1);
    if (open && open.snapshot === undefined) {
      if (open.file === file) return;
      // This change did not touch the open group's file, so that file's state is final.
      open.snapshot = this.state.snapshot();
    }
    this.commitQueue.push(newCommitGroup(file));
    this.scheduleWrite();
  }

  /**
   * Resolves once every change made so far is on disk. Rejects with a TokenStoreError (kind
   * save_failed) when one of their writes failed; those changes, and all later unwritten ones,
   * are undone.
   */
  commit(): Promise<void> {
    const last = this.commitQueue.at(-1);
    if (!last) return Promise.resolve();
    // Someone waits: skip any configured delay.
    this.startWriting();
    return last.done;
  }

  /**
   * Runs a synchronous change (e.g. `() => store.issue(...)`) and resolves with its result
   * once that change is on disk; a call that changed no file (a read, a refusal) at once.
   */
  async commitChange<T>(change: () => T): Promise<T> {
    const before = this.changeCount;
    const result = change();
    if (this.changeCount !== before) await this.commit();
    return result;
  }

  private scheduleWrite(): void {
    if (this.writing || this.writeTimer) return;
    const delay = this.options.persistDebounceMs;
    // A microtask, not at once: changes made in the same synchronous run share the write.
    if (delay <= 0) queueMicrotask(() => this.startWriting());
    else this.writeTimer = setTimeout(() => this.startWriting(), delay);
  }

  private startWriting(): void {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    if (this.writing || this.commitQueue.length === 0) return;
    this.writing = true;
    void this.writeQueue();
  }

  private async writeQueue(): Promise<void> {
    try {
      for (let group = this.commitQueue[0]; group; group = this.commitQueue[0]) {
        group.snapshot ??= this.state.snapshot();
        const { file, snapshot } = group;
        const path = this.pathOf(file);
        try {
          await this.options.writeFile(
            path,
            file === 'roles' ? renderRolesYaml(snapshot.roles) : this.tokensYaml.render(snapshot.tokens),
          );
        } catch (error) {
          this.rollBack(
            saveFailed(
              `could not save ${path}: ${writeFailureReason(error)}; the change was not applied (fix the cause, then retry)`,
            ),
          );
          return;
        }
        this.commitQueue.shift();
        this.committed =
          file === 'roles'
            ? { roles: snapshot.roles, tokens: this.committed.tokens }
            : { roles: this.committed.roles, tokens: snapshot.tokens };
        group.resolve();
      }
    } finally {
      this.writing = false;
    }
  }

  // Restores what the files hold. Exchanged tokens are not on disk and stay as they are (a
  // revoke's drop of them stands); rate-limit history stays too.
  private rollBack(failure: Error): void {
    const failed = this.commitQueue.splice(0);
    this.state.restore(this.committed);
    this.options.onPersistError(failure);
    for (const group of failed) group.reject(failure);
  }

  private pathOf(file: PersistedFile): string {
    return file === 'roles' ? this.options.rolesFile : this.options.tokensFile;
  }
}

function emptyTokensFileWarning(tokensFile: string): string {
  return `tokens.yml at ${tokensFile} holds no tokens; every request will be refused until you issue one with \`runevault token issue\``;
}

/** Changes to one file that one write puts on disk. */
interface CommitGroup {
  file: PersistedFile;
  /** Set when the group closes: when a change to the other file arrives, or its write starts. */
  snapshot?: PersistedState;
  done: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function newCommitGroup(file: PersistedFile): CommitGroup {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting (a change made without commit()); onPersistError reports it then.
  done.catch(() => {});
  return { file, done, resolve, reject };
}

// Node's fs messages end in ", <syscall> '<temp path>'"; the temp file's name helps nobody.
function writeFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, \w+(?: '[^']*'(?: -> '[^']*')?)?$/, '');
}
