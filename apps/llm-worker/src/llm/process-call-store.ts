import type { CallClaim, CallClaimRequest, LlmCallStore, StoredAnswer } from './llm-call-store';

/**
 * The response store kept in this process's memory: never pays twice within the process, but
 * forgets on restart. Stands in until the PostgreSQL store (LlmCallRepository) is wired.
 */
export class ProcessCallStore implements LlmCallStore {
  private readonly answers = new Map<string, StoredAnswer & { attempts: number }>();
  private readonly owners = new Map<string, string>();
  private readonly errors = new Map<string, string[]>();

  async claim({ key, owner }: CallClaimRequest): Promise<CallClaim> {
    const answer = this.answers.get(key);
    if (answer) return { kind: 'answered', answer };
    const holder = this.owners.get(key);
    if (holder !== undefined && holder !== owner) return { kind: 'busy', owner: holder };
    this.owners.set(key, owner);
    return { kind: 'claimed' };
  }

  async complete(key: string, owner: string, answer: StoredAnswer, attempts: number): Promise<void> {
    this.checkOwner(key, owner);
    this.answers.set(key, { ...answer, attempts });
    this.owners.delete(key);
  }

  async fail(key: string, owner: string, errorClass: string): Promise<void> {
    this.checkOwner(key, owner);
    this.errors.set(key, [...(this.errors.get(key) ?? []), errorClass]);
    this.owners.delete(key);
  }

  /** Paid answers kept: what "none billed twice" is checked against. */
  get answeredCount(): number {
    return this.answers.size;
  }

  private checkOwner(key: string, owner: string): void {
    const holder = this.owners.get(key);
    if (holder !== owner) throw new Error(`call ${key.slice(0, 12)} is claimed by ${holder ?? 'nobody'}, not ${owner}`);
  }
}
