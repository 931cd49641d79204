// At most one alert per rule per throttle window; what is held back is counted and reported on
// the next alert that goes out. Starts from the rule's stored last-fired time, so a restart of
// the relay does not reopen the window.
export class AlertThrottle {
  private readonly rules = new Map<string, { lastAt: number | null; suppressed: number }>();

  /** The suppressed count to report when the alert may go now; null when it is held back. */
  admit(ruleId: string, throttleMs: number, lastFiredAt: string | null, now: number): number | null {
    let state = this.rules.get(ruleId);
    if (!state) {
      state = { lastAt: lastFiredAt ? Date.parse(lastFiredAt) : null, suppressed: 0 };
      this.rules.set(ruleId, state);
    }
    if (throttleMs > 0 && state.lastAt !== null && now - state.lastAt < throttleMs) {
      state.suppressed++;
      return null;
    }
    const suppressed = state.suppressed;
    state.lastAt = now;
    state.suppressed = 0;
    return suppressed;
  }

  forget(ruleId: string) {
    this.rules.delete(ruleId);
  }
}
