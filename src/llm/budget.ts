/**
 * Tokens one process may spend per UTC day. Checked before a call (a call is refused once the day's
 * tokens are spent) and charged after it with what the provider reported; the day starts over at
 * 00:00 UTC. Each replica keeps its own count, so N replicas may spend N times the budget.
 */
export class DailyTokenBudget {
  private day = '';
  private spent = 0;

  constructor(readonly limit: number) {}

  allows(now: Date): boolean {
    this.roll(now);
    return this.spent < this.limit;
  }

  charge(now: Date, tokens: number): void {
    this.roll(now);
    this.spent += tokens;
  }

  private roll(now: Date): void {
    const day = now.toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.spent = 0;
    }
  }
}
