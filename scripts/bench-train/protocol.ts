/**
 * The orchestrator (scripts/bench-train.ts) and its workers talk in commands and answers, one at a
 * time: Node workers over the fork IPC channel, the PyTorch worker as JSON lines on stdin/stdout.
 * Every timing a worker reports is CPU seconds of its own process, measured inside it around the
 * timed loop only (start-up, data loading and warm-up steps excluded).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export type NetName = 'book' | 'mnist';

export type Command =
  | { cmd: 'info' }
  | { cmd: 'train'; net: NetName; steps: number; batch: number }
  | { cmd: 'matmul'; size: number; reps: number; threads?: number }
  | { cmd: 'dream'; dir: string; octaves: number; steps: number; size: number }
  | { cmd: 'tta'; seed: number; target: number; epochs: number };

export interface TrainResult {
  steps: number;
  cpuSeconds: number;
  wallSeconds: number;
}
export interface TtaResult {
  reached: boolean;
  epoch: number;
  cpuSeconds: number;
  history: Array<{ epoch: number; testAccuracy: number; cpuSeconds: number }>;
}
export type Answer = Record<string, unknown> & { error?: string };

/** CPU seconds of this process so far (user + system, all its threads). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Worker side (forked Node): answer each command with the handler's result or its error. */
export function serve(handle: (command: Command) => Promise<Answer>): void {
  let queue = Promise.resolve();
  process.on('message', (command: Command) => {
    queue = queue.then(async () => {
      let answer: Answer;
      try {
        answer = await handle(command);
      } catch (e) {
        answer = { error: e instanceof Error ? e.message : String(e) };
      }
      process.send?.(answer);
    });
  });
}

export interface Worker {
  ask<T extends Answer>(command: Command): Promise<T>;
  close(): void;
}

function queued(send: (command: Command) => void, child: ChildProcess, name: string): Worker & { receive(a: Answer): void } {
  const waiting: Array<{ resolve: (a: Answer) => void; reject: (e: Error) => void }> = [];
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${name} worker exited (${code})`));
  });
  return {
    receive: (a) => waiting.shift()?.resolve(a),
    ask<T extends Answer>(command: Command) {
      return new Promise<T>((resolve, reject) => {
        waiting.push({
          resolve: (a) => (a.error ? reject(new Error(`${name}: ${a.error}`)) : resolve(a as T)),
          reject,
        });
        send(command);
      });
    },
    close: () => void child.kill(),
  };
}

/** A forked TypeScript worker (run through tsx); its stdout is dropped (TF.js and examples print there). */
export function forkWorker(script: string, name: string): Worker {
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const w = queued((c) => child.send(c), child, name);
  child.on('message', (a: Answer) => w.receive(a));
  return w;
}

/** The PyTorch worker: `python` with torch, JSON lines both ways. */
export function spawnPython(python: string, script: string): Worker {
  const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  if (!child.stdout || !child.stdin) throw new Error('could not start the PyTorch worker');
  const stdin = child.stdin;
  const w = queued((c) => stdin.write(`${JSON.stringify(c)}\n`), child, 'PyTorch');
  createInterface({ input: child.stdout }).on('line', (line) => w.receive(JSON.parse(line) as Answer));
  return w;
}
