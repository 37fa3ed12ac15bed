// A controllable clock for tests: silence timeouts, birthdays and quiet hours without sleeping.
export class TestClock {
  private t: number;
  constructor(start: Date | string = '2026-03-12T02:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now = (): Date => new Date(this.t);
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
  advanceHours(h: number): void {
    this.advance(h * 3_600_000);
  }
}
