/** What readiness depends on: the consumer group, Redis, and the last batch flush. */
export type HealthComponent = 'kafka' | 'redis' | 'pipeline';

export interface ComponentHealth {
  readonly ok: boolean;
  /** Why it is not ok (or what made it ok), for /readyz and logs. */
  readonly detail: string;
  /** Wall-clock ms of the last change. */
  readonly since: number;
}

export interface HealthReport {
  readonly live: boolean;
  readonly ready: boolean;
  readonly components: Readonly<Record<HealthComponent, ComponentHealth>>;
}

type Listener = (component: HealthComponent, health: ComponentHealth) => void;

/**
 * Readiness flags the service keeps from client events (ioredis ready/end/error, kafkajs
 * group join/crash/stop) and batch outcomes. Ready = every component ok. Live = not shut
 * down or crashed. Read by /healthz and /readyz.
 */
export class ServiceHealth {
  private readonly components: Record<HealthComponent, ComponentHealth>;
  private readonly listeners: Listener[] = [];
  private alive = true;

  constructor(private readonly now: () => number = Date.now) {
    const start = now();
    this.components = {
      kafka: { ok: false, detail: 'not connected yet', since: start },
      redis: { ok: false, detail: 'not connected yet', since: start },
      pipeline: { ok: true, detail: 'no batch yet', since: start },
    };
  }

  set(component: HealthComponent, ok: boolean, detail: string): void {
    const current = this.components[component];
    if (current.ok === ok && current.detail === detail) return;
    const next = { ok, detail, since: current.ok === ok ? current.since : this.now() };
    this.components[component] = next;
    if (current.ok !== ok) for (const listener of this.listeners) listener(component, next);
  }

  get(component: HealthComponent): ComponentHealth {
    return this.components[component];
  }

  get ready(): boolean {
    return this.alive && Object.values(this.components).every((c) => c.ok);
  }

  get live(): boolean {
    return this.alive;
  }

  /** The service is shutting down or crashed: not live, not ready. */
  markDead(detail: string): void {
    this.alive = false;
    this.set('kafka', false, detail);
  }

  /** Called when a component turns ok or not ok (not on detail-only changes). */
  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** One flag per component, the shape `/readyz` checks take (src/http ReadinessCheck). */
  checks(): Record<HealthComponent, boolean> {
    return { kafka: this.alive && this.components.kafka.ok, redis: this.components.redis.ok, pipeline: this.components.pipeline.ok };
  }

  report(): HealthReport {
    return { live: this.alive, ready: this.ready, components: { ...this.components } };
  }
}
