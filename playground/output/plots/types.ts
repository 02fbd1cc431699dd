/** What the output panel needs from a plot renderer (see render.ts). */
import type { PlotAppend, PlotSpec } from '../../shared/messages.ts';

export interface PlotHandle {
  /**
   * Replace everything the plot shows. `earlier` names the series that come from earlier runs of a
   * compared plot (drawn thinner, dashed or pale, so the current run stands out).
   */
  set(spec: PlotSpec, earlier?: readonly string[]): void;
  /** New points for a live line plot (series names as in the last spec). Redraws are throttled. */
  append(points: PlotAppend['points']): void;
  /** Stop timers and observers (the panel is being cleared). */
  destroy(): void;
}
