// <gradscope-explorer>: one explorer — its controls, charts and numbers in its own shadow root,
// its own wasm handle and its own animation loop. Attributes are its API and use the link's
// names (attributes.js); several can live on one page.

import { Explorer } from './pkg/gradscope_web.js';
import { TEMPLATE, uiParts } from './template.js';
import { styleShadowRoot } from './explorer-style.js';
import { buildTable, applyValues, linkPairs, entryOf, withGroups, problemKeys, DEFAULT_SPEED } from './attributes.js';
import { showError } from './controls.js';
import { buildStaticControls, buildParamControls, bindControls, showScaleMeaning } from './explorer-controls.js';
import { buildChainPanel, showChainPanel } from './chain-panel.js';
import { bindSweepPanel, sweepRunning } from './sweep-panel.js';
import { bindRacePanel, raceRunning } from './race-panel.js';
import { panelsFrame, panelsNeedFrames, suspendPanels, resumePanels } from './panel-jobs.js';
import { drawCharts, useHeatLayer } from './charts.js';
import { landscapeWorkersReady, pumpLandscape, landscapeOnlyFrame } from './landscape-workers.js';
import { bindSharePanel, describeLink, linkUrl, syncDataMenu } from './share-panel.js';
import { defaultLayout, applyLayout, updateCompact, anythingShown } from './layout.js';
import { endReplay, playSlice, replaySlice } from './replay.js';
import { showNumbers, summarizeCharts } from './numbers.js';
import { panelsToRefresh, watchView } from './in-view.js';
import { noticeText } from './notice.js';

/** The reader's system asks for less motion. */
const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)');
/** After the last change, the landscape waits this long (ms) before its fine grid. */
const SETTLE_MS = 250;
/** How long one resting frame may spend on the fine landscape (ms); it is finished over frames. */
const LANDSCAPE_BAND_MS = 12;
/** Attributes every element may carry that are not settings. */
const STANDARD = /^(id|class|style|slot|hidden|title|lang|dir|tabindex|part|ready|data-.*|aria-.*)$/;

export class GradscopeExplorer extends HTMLElement {
  /** The handle's catalog and the settings table, set once by gradscope.js before define. */
  static setup(catalog) {
    GradscopeExplorer.catalog = catalog;
    GradscopeExplorer.table = buildTable(catalog);
  }

  static get observedAttributes() {
    return GradscopeExplorer.table.names;
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = TEMPLATE;
    // No frame is drawn before the stylesheet applies (the charts are sized from the layout).
    this.styled = false;
    styleShadowRoot(this.root).then(() => { this.styled = true; this.scheduleFrame(); });
    this.ex = undefined;
    this.playing = false;
    this.speed = DEFAULT_SPEED;
    this.syncs = []; // functions that refresh one control from the handle
    this.paramSyncs = []; // the same, for the parameter rows (rebuilt with the shape)
    this.cells = new Map(); // flat index → table cells [value, grad, update]
    this.shapeKey = '';
    this.pick = { layer: 1, unit: 0 }; // which unit's parameters get sliders on wide networks
    this.frameId = 0;
    this.settleTimer = 0;
    this.coarseUntil = 0;
    this.onScreen = true;
    this.applied = false;
    this.removedOne = false;
    this.stale = false;
    this.chainParam = 0; // the parameter the chain-rule panel writes out
    this.shownParams = undefined; // flat indices the table and the parameter chart show (all when undefined)
    this.lastFrameFine = false;
    this.dirty = true; // the explorer's charts and numbers need drawing
    this.changedNames = new Set();
    this.problems = new Map(); // attribute name → message, shown in the notice
    this.reported = new Map(); // the same, reported by the host page (e.g. unknown link keys)
    this.layoutChoice = defaultLayout(); // hide=, panels=, embed=
    this.replayTarget = undefined; // steps= still to replay
    this.linkBase = undefined; // the page links point to (set by url.js on the main page)
  }

  connectedCallback() {
    if (this.ex === undefined && !this.boot()) return;
    this.intersection = new IntersectionObserver((entries) => {
      this.onScreen = entries[entries.length - 1].isIntersecting;
      if (this.onScreen) this.requestFrame();
    });
    this.intersection.observe(this);
    watchView(this); // which charts and panels of numbers are in view (in-view.js)
    this.resize = new ResizeObserver((entries) => {
      // The element only growing taller (the sweep's or the race's chart appearing) resizes no
      // chart: redrawing them all then, and the fine landscape after, would be a long task.
      const width = this.clientWidth;
      if (entries.every((e) => e.target === this) && width === this.observedWidth) return;
      this.observedWidth = width;
      updateCompact(this);
      this.requestFrame();
    });
    this.resize.observe(this.part('.charts'));
    this.resize.observe(this);
    this.onVisibility = () => { if (!document.hidden) this.requestFrame(); };
    document.addEventListener('visibilitychange', this.onVisibility);
    resumePanels(this);
    this.requestFrame();
  }

  disconnectedCallback() {
    // The sweep and the race stop (their workers end) and resume if the element comes back.
    suspendPanels(this);
    cancelAnimationFrame(this.frameId);
    this.frameId = 0;
    clearTimeout(this.settleTimer);
    this.intersection?.disconnect();
    this.viewWatch?.disconnect();
    this.resize?.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  attributeChangedCallback(name, old, value) {
    this.changedNames.add(name);
    // A removed attribute gives its setting back to the default: re-apply everything.
    if (value === null) this.removedOne = true;
    if (this.applied) queueMicrotask(() => this.applyAttributes());
  }

  /** The wasm handle (for host pages and tests that read the numbers behind the screen). */
  get explorer() {
    return this.ex;
  }

  /** True while any part of the element is on screen. */
  get visible() {
    return this.onScreen;
  }

  /** True when nothing is pending: not playing, the resting (fine) frame drawn, no frame requested. */
  get idle() {
    // `dirty`: a change not drawn yet (a removed element draws it when it is put back).
    return this.applied && !this.dirty && !this.playing && this.frameId === 0 && this.lastFrameFine && !this.stale && !this.gridInFlight
      && this.replayTarget === undefined && !sweepRunning(this) && !raceRunning(this);
  }

  /** The first element matching selector in this explorer's root. */
  part(selector) {
    return this.root.querySelector(selector);
  }

  /** Creates the handle and the controls; on failure shows why and returns false. */
  boot() {
    try {
      this.ex = new Explorer();
      // The landscape's grids: on this thread, in bands, for the first frame; from the next
      // on by workers where they can start (starting them sooner slows the first frame down).
      this.ex.setLandscapeBudget(LANDSCAPE_BAND_MS);
      this.landscapeWorkers = false;
    } catch (e) {
      const msg = this.part('#boot-error');
      msg.hidden = false;
      msg.textContent = `Gradscope could not start: ${e.message}`;
      return false;
    }
    this.ui = uiParts(this.root);
    this.ui.tableBody = this.part('#param-table tbody');
    // The panels of numbers that follow every step only while in view (in-view.js).
    this.numberPanels = ['table', 'sample', 'chain'].map((name) => this.part(`[data-panel="${name}"]`));
    this.canvases = {
      landscape: this.part('#c-landscape'), overshoot: this.part('#c-overshoot'),
      loss: this.part('#c-loss'), params: this.part('#c-params'), sigmoid: this.part('#c-sigmoid'),
      layers: this.part('#c-layers'), diagram: this.part('#c-diagram'),
    };
    useHeatLayer(this.canvases.landscape, this.part('#c-heat'));
    // Each chart's figure is the panel of the chart's name (hide=, panels=), from the catalog.
    for (const name of GradscopeExplorer.catalog.charts) {
      this.part(`#c-${name}`)?.closest('figure')?.setAttribute('data-panel', name);
    }
    buildStaticControls(this);
    bindControls(this);
    this.ui.sweepChart = this.part('.sweep-chart');
    this.sweepCanvas = this.part('#c-sweep');
    bindSweepPanel(this);
    this.ui.raceChart = this.part('.race-chart');
    this.raceCanvas = this.part('#c-race');
    bindRacePanel(this);
    bindSharePanel(this);
    return true;
  }

  /** Applies changed attributes (all of them the first time, or when one restarts the run). */
  applyAttributes() {
    const names = [...this.changedNames];
    this.changedNames.clear();
    if (this.applied && names.length === 0) return;
    const { table } = GradscopeExplorer;
    const restart = !this.applied || this.removedOne || names.some((n) => entryOf(table, n)?.restarts);
    this.removedOne = false;
    const chosen = restart ? table.names : withGroups(table, names);
    const values = {};
    for (const name of chosen) {
      const text = this.getAttribute(name);
      if (text !== null) values[name] = text;
    }
    if (restart) {
      this.setPlaying(false);
      this.ex.loadDefaults();
      this.speed = DEFAULT_SPEED;
      endReplay(this);
      this.layoutChoice = defaultLayout();
      applyLayout(this);
      this.problems.clear();
      for (const { name, value } of this.attributes) {
        if (!table.names.includes(name) && !STANDARD.test(name)) {
          this.problems.set(name, `${name}="${value}": not a setting of this explorer`);
        }
      }
    }
    // A value given again replaces its old problem (and its group's): if it still fails, it comes back.
    for (const key of chosen.flatMap((n) => problemKeys(table, n))) this.problems.delete(key);
    for (const p of applyValues(table, this.ex, this, values)) {
      this.problems.set(p.name, `${p.texts.map(([n, t]) => `${n}="${t}"`).join(', ')}: ${p.message}`);
    }
    this.applied = true;
    this.applying = true;
    this.settingsChanged();
    this.applying = false;
  }

  /** Reports settings a host page (or a link) passed that were not used. */
  reportIgnored(items) {
    for (const { name, message } of items) this.reported.set(name, message);
    if (this.ui !== undefined) this.showNotice();
  }

  /** Shows (or hides) the notice of the settings that were not used (notice.js). */
  showNotice() {
    const text = noticeText([...this.reported.values(), ...this.problems.values()]);
    this.ui.notice.hidden = text === '';
    this.ui.notice.textContent = text;
  }

  /** Changes what shows (`hide`, `panels`, `embed`; see layout.js). */
  setLayout(change) {
    const before = { ...this.layoutChoice };
    Object.assign(this.layoutChoice, change);
    applyLayout(this);
    if (!anythingShown(this)) {
      this.layoutChoice = before;
      applyLayout(this);
      throw new Error('that would leave nothing to show');
    }
    this.requestFrame();
  }

  /** Replays training up to step n (from the state the attributes describe), a slice a frame. */
  replayTo(n) {
    this.replayTarget = n > this.ex.stepCount() ? n : undefined;
    this.requestFrame();
  }

  /** Tells listeners (the URL binding) that the state a link describes has moved on (while a slider is dragged, once it is let go). */
  announce() {
    if (this.sliding) { this.announceLater = true; return; }
    this.ui.linkRestores.textContent = describeLink(this);
    // A link already written into the share box follows the state the sentence above describes.
    if (this.ui.linkText.value !== '') this.ui.linkText.value = linkUrl(this);
    this.dispatchEvent(new Event('gradscope-change', { bubbles: true, composed: true }));
  }

  /** The current state as link pairs [name, text] (the same names as the attributes). */
  linkPairs() {
    return linkPairs(GradscopeExplorer.table, this.ex, this);
  }

  /** Asks for a redraw. At rest the first frame uses the coarse landscape; the fine one follows. */
  requestFrame() {
    this.dirty = true;
    if (!this.playing) {
      this.coarseUntil = performance.now() + SETTLE_MS;
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => { this.dirty = true; this.scheduleFrame(); }, SETTLE_MS + 10);
    }
    this.scheduleFrame();
  }

  /** Schedules one animation frame (at most one is pending) while connected and styled. */
  scheduleFrame() {
    if (this.frameId !== 0 || !this.isConnected || this.ex === undefined || !this.styled) return;
    this.frameId = requestAnimationFrame(() => this.frame());
  }

  /** One frame: a training batch if playing, then every chart and number. */
  frame() {
    this.frameId = 0;
    if (!this.applied) this.applyAttributes();
    // Off screen or in a hidden tab nothing runs (the observers resume it), except the first
    // frame, so the element is ready and drawn when it comes into view.
    if ((!this.onScreen || document.hidden) && this.hasAttribute('ready')) {
      this.stale = true;
      return;
    }
    this.stale = false;
    // The explorer's charts and numbers change only when it trains or something changed; a
    // frame that only advances the depth sweep leaves them be.
    const replaying = this.replayTarget !== undefined;
    if (replaying && !replaySlice(this)) this.announce();
    // With reduced motion asked for, a link's replay is not animated: the charts are drawn
    // once it has finished (its progress line still counts the steps).
    const still = this.replayTarget !== undefined && REDUCED_MOTION.matches;
    const fast = this.playing || this.replayTarget !== undefined || performance.now() < this.coarseUntil;
    const arrived = landscapeOnlyFrame(this, fast, !this.playing && !this.dirty && !replaying);
    if (!still && (this.playing || this.dirty || replaying)) {
      this.dirty = false;
      if (this.playing) {
        playSlice(this);
        if (this.ex.divergence() !== undefined) this.setPlaying(false);
      }
      // While training or dragging every frame redraws; charts scrolled out of view skip it
      // (they are drawn with the rest in the resting frame after). The first frame draws them
      // all (the element is ready only when every chart is), and so do the frames before the
      // observer has said which are in view.
      const onScreen = fast && this.inViewKnown && this.hasAttribute('ready') ? this.inView : undefined;
      // While training or dragging a grid just come is drawn (of a state a step before); else,
      // with workers, the landscape waits for this state's grid.
      drawCharts(this.ex, this.canvases, fast, this.shownParams, onScreen, this.landscapeWorkers && !(arrived && fast));
      this.landscapeBands = !fast && !this.landscapeWorkers && this.ex.landscapePending();
      this.lastFrameFine = !fast && !this.ex.landscapePending();
      this.lastFast = fast;
      // θ is read once a frame and shared by the summaries and the parameter rows.
      const params = this.ex.params();
      // While training, the panels of numbers out of view follow a few times a second.
      const refresh = panelsToRefresh(this);
      showNumbers(this, params, refresh);
      summarizeCharts(this, params, onScreen);
      try {
        if (refresh.chain) showChainPanel(this);
      } catch (e) {
        console.warn(`gradscope: chain-rule panel: ${e.message}`);
      }
      for (const sync of this.syncs) sync();
      for (const sync of this.paramSyncs) sync(params);
    }
    if (!this.workersTried && this.hasAttribute('ready')) { // from the frame after the first
      this.workersTried = true;
      this.landscapeWorkers = landscapeWorkersReady();
      if (this.landscapeWorkers) {
        this.ex.useLandscapeWorkers();
        this.landscapeBands = false;
      }
    }
    pumpLandscape(this, () => { this.ex.setLandscapeBudget(LANDSCAPE_BAND_MS); this.requestFrame(); });
    panelsFrame(this);
    if (!this.hasAttribute('ready')) {
      this.setAttribute('ready', '');
      this.dispatchEvent(new Event('gradscope-ready', { bubbles: true, composed: true }));
    }
    if (this.playing || this.replayTarget !== undefined || panelsNeedFrames(this) || this.landscapeBands) {
      this.scheduleFrame();
    }
  }

  /** Hides every control's error message: the state they complained about has moved on. */
  clearErrors() {
    for (const span of this.root.querySelectorAll('.error')) showError(span, '');
  }

  /** Starts or stops training. */
  setPlaying(on) {
    const was = this.playing;
    this.playing = on && this.ex.divergence() === undefined;
    if (was && !this.playing && !this.applying) this.announce();
    this.ui.play.textContent = this.playing ? 'Pause' : 'Play';
    this.ui.play.setAttribute('aria-pressed', String(this.playing));
    this.requestFrame();
  }

  /** After a change that may restart the run or change its shape: every control follows. */
  settingsChanged() {
    const { ex, ui } = this;
    buildParamControls(this);
    buildChainPanel(this);
    ui.widthOneNote.hidden = !this.shape.widthOne;
    ui.scheme.value = ex.initScheme();
    showScaleMeaning(this, GradscopeExplorer.catalog.schemes);
    ui.activation.value = this.shape.activation;
    syncDataMenu(this);

    this.clearErrors();
    this.showNotice();
    this.changed();
  }

  /** After the learner changes a setting: listeners (the URL binding) hear of it; redraw. */
  changed() {
    // A learner's change ends a link's replay where it is.
    if (!this.applying && this.replayTarget !== undefined) endReplay(this);
    if (!this.applying && (this.problems.size > 0 || this.reported.size > 0)) {
      // The learner has moved on from the state the link or attributes asked for.
      this.problems.clear();
      this.reported.clear();
      this.showNotice();
    }
    this.announce();
    this.requestFrame();
  }
}
