import type { Observation } from '../core/alert-engine';
import { type AutoFreeState, autoFreeStep, type ComputeApp } from '../core/auto-free';
import type { LifecycleSnapshot } from '../shared/lifecycle';

export interface AutoFreeDeps {
  /** Whether the operator wants it (settings.json "autoFreeGpu", on unless false). */
  enabled(): Promise<boolean>;
  computeApps(): Promise<ComputeApp[]>;
  /** The process runs in one of the stack's containers (a vLLM of ours). */
  ours(pid: number): Promise<boolean>;
  lifecycle: {
    snapshot(): Promise<LifecycleSnapshot>;
    sleep(models: 'all'): Promise<LifecycleSnapshot>;
    resume(): Promise<LifecycleSnapshot>;
  };
  log(line: string): void;
}

/**
 * Frees the GPU while another program uses it heavily, and resumes once it has gone; the alert
 * (one info notification) says for which program. The supervisor calls check() once a minute, as
 * the push sender only, so two processes never fight over the switch.
 */
export class AutoFreeWatch {
  private state: AutoFreeState = { freedFor: null };

  constructor(private readonly d: AutoFreeDeps) {}

  async check(): Promise<void> {
    if (!(await this.d.enabled())) return;
    const life = await this.d.lifecycle.snapshot().catch(() => null);
    if (!life) return;
    // The GPU is no longer freed, by whoever: this rule no longer holds it.
    if (this.state.freedFor && !life.freed) this.state = { freedFor: null };
    const apps = await this.d.computeApps();
    const foreign: ComputeApp[] = [];
    for (const a of apps) if (!(await this.d.ours(a.pid))) foreign.push(a);
    const step = autoFreeStep(this.state, foreign, life.freed && !this.state.freedFor);
    if (step.do === 'free') {
      await this.d.lifecycle.sleep('all');
      this.state = { freedFor: step.app };
      this.d.log(
        `hagw: freed the GPU for ${step.app.name} (pid ${step.app.pid}, ${step.app.usedMiB} MiB)`,
      );
    } else if (step.do === 'resume') {
      await this.d.lifecycle.resume();
      this.state = { freedFor: null };
      this.d.log(`hagw: ${step.app.name} has gone; the models are back`);
    }
  }

  /** While freed for a program: one info alert, so one notification; it resolves on resume. */
  observations(): Observation[] {
    const a = this.state.freedFor;
    if (!a) return [];
    return [
      {
        id: 'models:auto-freed',
        severity: 'info',
        source: 'models',
        title: 'GPU freed for another program',
        message: `${a.name} (pid ${a.pid}) uses ${a.usedMiB} MiB of VRAM, so every model sleeps; they come back when it has gone. Requests get a 503 meanwhile. Turn this off with "autoFreeGpu": false in settings.json.`,
      },
    ];
  }
}
