// Stepping inside a frame's time: `steps=N` and Play. A link reopens a trained state by
// replaying N deterministic steps from the start its other keys describe, a slice per animation
// frame so the page stays responsive, and shows how far it has got; a frame of play takes its
// speed's steps, or as many as fit the same time.

/** Milliseconds of stepping per frame while replaying (and at most, past the first step, while playing). */
const FRAME_BUDGET_MS = 12;

/**
 * One frame of play: el.speed steps, or fewer once they have taken FRAME_BUDGET_MS (at least
 * one). A large network at 500 steps a frame took seconds a frame, and Pause waited as long
 * (50 hidden layers of 32 units: ≈ 30 ms a step). Steps are taken in growing chunks, so a
 * small network still runs its steps in a few calls; the steps are the same either way.
 */
export function playSlice(el) {
  const { ex } = el;
  const start = performance.now();
  let done = 0;
  let chunk = 1;
  while (done < el.speed && ex.divergence() === undefined) {
    const ran = ex.step(Math.min(chunk, el.speed - done));
    if (ran === 0) break;
    done += ran;
    if (performance.now() - start > FRAME_BUDGET_MS) break;
    chunk *= 2;
  }
  return done;
}

/**
 * Ends el's replay where it is (the learner took over: Play, Step, Reset or a change of
 * setting), and takes its progress note away.
 */
export function endReplay(el) {
  // The landscape is framed around the state the replay reached, not around whichever of its
  // states this load's frames happened to draw.
  if (el.replayTarget !== undefined) el.ex.reframeLandscape();
  el.replayTarget = undefined;
  el.ui.replay.hidden = true;
  el.ui.replay.textContent = '';
}

/**
 * Runs one frame's share of el's replay. Returns true while more is left; on the last share
 * (the target reached, or the run diverged on the way) clears el.replayTarget.
 */
export function replaySlice(el) {
  const { ex } = el;
  const target = el.replayTarget;
  const start = performance.now();
  let chunk = el.replayChunk ?? 8;
  while (ex.stepCount() < target && ex.divergence() === undefined) {
    const t0 = performance.now();
    const ran = ex.step(Math.min(chunk, target - ex.stepCount()));
    const t1 = performance.now();
    if (ran === 0) break;
    // Grow the slice while one takes under a millisecond; shrink it when one is slow.
    if (t1 - t0 < 1) chunk = Math.min(chunk * 2, 1 << 16);
    else if (t1 - t0 > FRAME_BUDGET_MS / 2) chunk = Math.max(1, chunk >> 1);
    if (t1 - start > FRAME_BUDGET_MS) break;
  }
  el.replayChunk = chunk;
  const done = ex.stepCount() >= target || ex.divergence() !== undefined;
  const { replay } = el.ui;
  if (done) {
    endReplay(el);
  } else {
    replay.hidden = false;
    replay.textContent = `Replaying the link's ${target} steps: ${ex.stepCount()} done. Play, Step or Reset takes over from here.`;
  }
  return !done;
}
