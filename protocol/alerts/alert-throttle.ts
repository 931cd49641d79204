// At most one alert per rule per throttle window; what is held back is counted and reported
// as `suppressed` on the next alert that goes out. The desktop and the relay each keep one. In
// memory: a restart forgets the count; the window restarts from the rule's stored lastFiredAt.
export class AlertThrottle {
  private readonly state = new Map<string, { lastAt: number; held: number }>();

  /** Whether the rule may fire now; if so, how many were held back since its last alert. */
  admit(rule: { id: string; throttleMs: number; lastFiredAt: string | null }, now: number) {
    let s = this.state.get(rule.id);
    if (!s) {
      s = { lastAt: rule.lastFiredAt ? Date.parse(rule.lastFiredAt) : Number.NEGATIVE_INFINITY, held: 0 };
      this.state.set(rule.id, s);
    }
    if (rule.throttleMs > 0 && now - s.lastAt < rule.throttleMs) {
      s.held++;
      return { fire: false, suppressed: s.held } as const;
    }
    const suppressed = s.held;
    s.lastAt = now;
    s.held = 0;
    return { fire: true, suppressed } as const;
  }

  forget(ruleId: string) {
    this.state.delete(ruleId);
  }
}
