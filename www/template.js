// The parts of one <gradscope-explorer>, stamped into its shadow root. Lists (presets, schemes,
// activations, data sets, parameters) and the numbers legends quote are filled in from the
// handle's catalog, not written here.

const html = String.raw;

// The stylesheet is not part of the markup: explorer-style.js links or adopts it.
export const TEMPLATE = html`
<div class="layout" part="layout">
  <a class="skip" href="#charts-start" id="skip">Skip to the charts</a>
  <aside class="controls" aria-label="Controls">
    <section aria-labelledby="h-presets" data-panel="presets">
      <h2 id="h-presets">Presets</h2>
      <div class="presets" id="presets"></div>
      <p class="preset-caption" id="preset-caption"></p>
    </section>

    <section aria-labelledby="h-run" data-panel="training">
      <h2 id="h-run">Training</h2>
      <div class="buttons">
        <button type="button" id="play" class="primary" aria-pressed="false" data-hide="play">Play</button>
        <button type="button" id="step" data-hide="step">Step</button>
        <button type="button" id="reset" data-hide="reset">Reset</button>
      </div>
      <div class="row" data-hide="speed">
        <label for="speed">Speed</label>
        <select id="speed"></select>
      </div>
      <div class="slider-row" data-hide="lr">
        <label for="lr-slider">Learning rate α</label>
        <input type="range" id="lr-slider" min="-4" max="1" step="0.01">
        <input type="text" id="lr-box" inputmode="decimal" aria-label="Learning rate α, exact value" spellcheck="false">
        <span class="error" id="lr-error" role="alert" hidden></span>
        <span class="hint range-note" id="lr-note" hidden></span>
      </div>
      <div class="row clip-row" data-hide="clip">
        <input type="checkbox" id="clip-on">
        <label for="clip-on">Clip gradient norm at</label>
        <input type="text" id="clip-box" inputmode="decimal" aria-label="Clipping threshold" spellcheck="false">
        <span class="error" id="clip-error" role="alert" hidden></span>
      </div>
    </section>

    <section aria-labelledby="h-params" data-panel="weights">
      <h2 id="h-params">Weights and biases</h2>
      <p class="hint">Editing one restarts the run from the edited point.</p>
      <div class="row" id="unit-picker" hidden>
        <label for="pick-layer">Layer</label>
        <select id="pick-layer"></select>
        <label for="pick-unit">unit</label>
        <select id="pick-unit"></select>
      </div>
      <div id="param-rows"></div>
      <template id="param-row">
        <div class="slider-row">
          <label></label>
          <input type="range" step="1">
          <input type="text" inputmode="decimal" spellcheck="false">
          <span class="error" role="alert" hidden></span>
          <span class="hint range-note" hidden></span>
        </div>
      </template>
    </section>

    <section aria-labelledby="h-init" data-panel="init">
      <h2 id="h-init">Initialization</h2>
      <div class="row">
        <label for="scheme">Scheme</label>
        <select id="scheme"></select>
      </div>
      <div class="row">
        <label for="scale" id="scale-label">Scale</label>
        <input type="text" id="scale" inputmode="decimal" spellcheck="false" aria-describedby="scale-hint">
        <span class="error" id="scale-error" role="alert" hidden></span>
      </div>
      <p class="hint" id="scale-hint">Scale: <span id="scale-meaning"></span>.</p>
      <div class="row">
        <label for="seed">Seed</label>
        <input type="text" id="seed" inputmode="numeric" spellcheck="false">
        <button type="button" id="new-seed">New random seed</button>
        <span class="error" id="seed-error" role="alert" hidden></span>
      </div>
      <div class="buttons">
        <button type="button" id="initialize" class="primary">Draw again</button>
      </div>
      <p class="hint">The scheme, scale and seed apply as soon as you choose them and restart the
        run; Draw again brings their weights back after you have edited some.</p>
      <p class="hint" id="width-one-note">With one unit per layer the schemes differ only by a
        constant factor, and about two seeds in three start with a dead ReLU whatever the scheme:
        initialization cannot show its worth here. The race below uses a network where it does.</p>
    </section>
    <section aria-labelledby="h-network" data-panel="network">
      <h2 id="h-network">Network</h2>
      <div class="row" data-hide="shape">
        <label for="layers">Hidden layers</label>
        <input type="text" id="layers" inputmode="numeric" spellcheck="false">
        <label for="width">width</label>
        <input type="text" id="width" inputmode="numeric" spellcheck="false">
        <span class="error" id="shape-error" role="alert" hidden></span>
      </div>
      <div class="row" data-hide="activation">
        <label for="activation">Hidden units</label>
        <select id="activation"></select>
      </div>
      <div class="row" data-hide="data">
        <label for="dataset">Data</label>
        <select id="dataset"></select>
      </div>
      <div class="own-data" data-hide="own-data">
        <label for="csv-file">Your own data: a CSV file of <code>x,y</code> rows (y is 0 or 1; a header line is optional)</label>
        <input type="file" id="csv-file" accept=".csv,text/csv,text/plain">
        <details>
          <summary>… or paste it</summary>
          <textarea id="csv-text" rows="4" spellcheck="false" aria-label="CSV rows x,y to load as your own data"></textarea>
          <button type="button" id="csv-load">Load these rows</button>
        </details>
        <span class="error" id="csv-error" role="alert" hidden></span>
        <p class="hint" id="csv-status" hidden></p>
      </div>
      <p class="hint">A new shape draws its weights from the scheme and seed below.</p>
    </section>
    <section aria-labelledby="h-share" data-panel="share">
      <h2 id="h-share">Share and export</h2>
      <div class="buttons">
        <button type="button" id="copy-link">Copy link</button>
        <output id="copy-status"></output>
      </div>
      <input type="text" id="link-text" readonly aria-label="Link to this state" spellcheck="false">
      <p class="hint" id="link-restores"></p>
      <div class="row">
        <label for="figure-chart">Figure</label>
        <select id="figure-chart"></select>
        <button type="button" id="figure-png">PNG</button>
        <button type="button" id="figure-svg">SVG</button>
      </div>
      <div class="row">
        <span class="label">History</span>
        <button type="button" id="history-csv">CSV</button>
        <button type="button" id="history-json">JSON</button>
      </div>
      <span class="error" id="export-error" role="alert" hidden></span>
      <p class="hint" id="export-note">The history holds every step of the last stretch of the run and
        every k-th step before it; each row has the loss, every parameter, every ∂L/∂θ and ‖∇L‖.</p>
    </section>

  </aside>

  <div class="view" id="charts-start" tabindex="-1" aria-label="Charts and numbers" role="region">
    <div id="notice" class="notice" role="status" hidden></div>
    <div class="status" aria-live="off" data-hide="status">
      <div><span class="k">step</span> <output id="step-count">0</output></div>
      <div><span class="k">loss L</span> <output id="loss">–</output></div>
      <div><span class="k">‖∇L‖</span> <output id="grad-norm">–</output></div>
      <div><span class="k">α</span> <output id="lr-shown">–</output></div>
      <div><span class="k">clip</span> <output id="clip-shown">off</output></div>
    </div>
    <p id="replay" class="banner info" role="status" hidden></p>
    <div id="banner" class="banner" role="alert" hidden></div>
    <p id="reset-note" class="banner info" role="status" hidden>Reset went back to the last start
      that did not diverge before its first step: the start it left overflowed at once.</p>
    <div id="collapse" class="banner warn" role="status" hidden></div>
    <div id="vanishing" class="banner info" role="status" hidden></div>
    <div id="converged" class="banner info" role="status" hidden></div>
    <p id="boot-error" class="banner" role="alert" hidden></p>

    <div class="charts">
      <figure class="chart landscape">
        <figcaption>
          <span class="title">Loss landscape</span>
          <label for="axis-x">x</label>
          <select id="axis-x" class="param-select"></select>
          <label for="axis-y">y</label>
          <select id="axis-y" class="param-select"></select>
          <label class="hold" title="Keep the frame and the colour scale fixed for the run, so the point travels across a still map"><input type="checkbox" id="hold"> hold</label>
        </figcaption>
        <div class="stack">
          <div class="heat-clip" hidden><canvas id="c-heat" aria-hidden="true"></canvas></div>
          <canvas id="c-landscape" role="img" aria-label="Loss landscape over the two chosen parameters with the descent path"></canvas>
        </div>
        <p class="legend">○ start of the run · <span class="now">●</span> now · orange: the last
          <span data-const="pathLength"></span> steps, fading with age ·
          × lowest loss on this grid. The other parameters stay at their current values, so the
          surface moves as they train.</p>
      </figure>
      <figure class="chart overshoot">
        <figcaption>
          <span class="title">Overshoot view</span>
          <label for="overshoot-param">along</label>
          <select id="overshoot-param" class="param-select"></select>
        </figcaption>
        <canvas id="c-overshoot" role="img" aria-label="Loss along one parameter with the iterates"></canvas>
        <p class="legend" id="legend-param">Blue: the loss along this parameter, the others at their current values.
          Orange: the last <span data-const="overshootIterates"></span> steps placed on that curve.</p>
        <p class="legend" id="legend-update">Blue: the loss on the line of the next update,
          L(θ − s·c·∇L) for step sizes s from 0 to 2α (c: the clip factor, 1 without clipping). Orange: from the start (s = 0) to where the
          step lands (s = α). ×: the lowest point of the line, s*.</p>
        <p class="line-numbers" id="line-numbers"></p>
      </figure>
      <figure class="chart loss">
        <figcaption><span class="title">Loss vs step</span> <span class="note">log scale</span></figcaption>
        <canvas id="c-loss" role="img" aria-label="Loss against step, logarithmic"></canvas>
      </figure>
      <figure class="chart params">
        <figcaption><span class="title">Parameters vs step</span></figcaption>
        <canvas id="c-params" role="img" aria-label="Every parameter against step"></canvas>
      </figure>
      <figure class="chart diagram">
        <figcaption>
          <span class="title">The network</span>
          <label class="hold"><input type="checkbox" id="diagram-grads"> show ∂L/∂w</label>
        </figcaption>
        <canvas id="c-diagram" role="img" aria-label="The network: one edge per weight, thickness on a log scale; click a weight to pick it"></canvas>
        <p class="legend" id="diagram-pick">Click an edge to pick its weight.</p>
        <div class="buttons" id="diagram-actions" hidden>
          <button type="button" id="pick-x">Put it on the landscape's x axis</button>
          <button type="button" id="pick-y">… on its y axis</button>
        </div>
      </figure>
      <figure class="chart layers">
        <figcaption><span class="title">Layer by layer</span> <span class="note">log scales</span></figcaption>
        <canvas id="c-layers" role="img" aria-label="Gradient magnitude per layer, and the spread of each hidden layer's pre-activations"></canvas>
        <p class="legend">Left: how large the gradient is at each layer — blue ‖∂L/∂W_l‖, orange
          ‖∂L/∂b_l‖. Red rings: the
          ∏|wᵢ| law, |∂L/∂b_L|·∏<sub>k&gt;l</sub>|w_k|, drawn while it is exact (one unit per
          layer, every ReLU on for every sample); there the weight gradients of layers 2 … L
          come out equal, since each layer's input o<sub>l−1</sub> grows by just what
          ∏<sub>k&gt;l</sub>|w_k| loses. Right: how widely each hidden layer's
          pre-activations z spread over the data — what Xavier, He and LeCun keep steady.</p>
      </figure>
    </div>

    <div class="numbers">
      <section aria-labelledby="h-table" data-panel="table">
        <h2 id="h-table">This step, parameter by parameter</h2>
        <table id="param-table">
          <thead>
            <tr><th scope="col">θ</th><th scope="col">value</th><th scope="col">∂L/∂θ</th><th scope="col">next update −α·c·∂L/∂θ</th></tr>
          </thead>
          <tbody></tbody>
        </table>
        <p class="hint">c is the clip factor: 1 without clipping; with clipping on, the update is scaled down so the whole gradient's norm stays at the threshold.</p>
      </section>
      <section aria-labelledby="h-sample" data-panel="sample">
        <h2 id="h-sample">One sample</h2>
        <div class="row">
          <label for="sample">Sample index (0–<span id="sample-max"></span>)</label>
          <input type="text" id="sample" inputmode="numeric" spellcheck="false">
          <span class="error" id="sample-error" role="alert" hidden></span>
        </div>
        <dl class="sample">
          <dt>x (<span id="x-meaning"></span>)</dt><dd id="sample-x">–</dd>
          <dt>y (<span id="y-meaning"></span>)</dt><dd id="sample-y">–</dd>
          <dt>prediction ŷ</dt><dd id="sample-yhat">–</dd>
        </dl>
      </section>
    </div>
    <section class="chain" aria-labelledby="h-chain" data-panel="chain">
      <h2 id="h-chain">The chain rule, live</h2>
      <div class="row">
        <label for="chain-param">∂L/∂θ for θ =</label>
        <select id="chain-param"></select>
        <span class="hint">for the sample chosen above, then for the mean over the data.</span>
      </div>
      <p id="chain-wide" class="hint" hidden>With more than one unit in a layer, ∂L/∂θ is a sum
        over every path from θ to the output, not one product: set the width to 1 to see the
        chain factor by factor. The parameter table still shows every ∂L/∂θ exactly.</p>
      <div id="chain-body">
        <div class="chain-factors" id="chain-factors" role="list"></div>
        <p class="chain-line" id="chain-cancel"></p>
        <p class="chain-line" id="chain-batch"></p>
        <figure class="chart sigma">
          <figcaption><span class="title">σ′ at the output</span>
            <span class="note">red: this sample's z; ticks: every sample's</span></figcaption>
          <canvas id="c-sigmoid" role="img" aria-label="The slope of the sigmoid against the output logit, with its 1/4 ceiling"></canvas>
        </figure>
      </div>
    </section>
    <section class="sweep" aria-labelledby="h-sweep" data-panel="sweep">
      <h2 id="h-sweep">Depth sweep: the explosion and the cure</h2>
      <p class="hint">‖∂L/∂W1‖ at initialization for ReLU networks of <span id="sweep-width"></span>
        units per hidden layer, 1 to 50 hidden layers deep: the median over <span id="sweep-seeds"></span>
        seeds and the band of the middle half, on the first <span id="sweep-samples"></span> samples.</p>
      <div class="buttons">
        <button type="button" id="sweep-run">Run the sweep</button>
        <output id="sweep-progress"></output>
      </div>
      <figure class="chart sweep-chart">
        <canvas id="c-sweep" role="img" aria-label="Layer-1 gradient norm at initialization against depth, per initialization scheme"></canvas>
      </figure>
      <p class="chain-line" id="sweep-summary"></p>
    </section>
    <section class="race" aria-labelledby="h-race" data-panel="race">
      <h2 id="h-race">Initialization race</h2>
      <p class="hint">The same network — <span id="race-shape"></span> — on all the data, trained from
        each scheme with the same seed; then how many of <span id="race-seeds"></span> seeds each
        scheme trains. “Trained” means the loss ends below ¾ of the constant predictor's.</p>
      <div class="row">
        <label for="race-seed">Seed</label>
        <input type="text" id="race-seed" inputmode="numeric" spellcheck="false" value="0">
        <button type="button" id="race-run">Race</button>
        <output id="race-progress"></output>
        <span class="error" id="race-error" role="alert" hidden></span>
      </div>
      <figure class="chart race-chart" hidden>
        <canvas id="c-race" role="img" aria-label="Loss against step for each initialization scheme"></canvas>
      </figure>
      <p class="chain-line" id="race-outcomes"></p>
      <p class="chain-line" id="race-rates"></p>
    </section>
    <slot name="lesson" data-panel="lesson"></slot>
  </div>
</div>
`;

/**
 * The names `hide=` and `panels=` accept: every panel (`data-panel`), every control that can
 * be hidden on its own (`data-hide`), and the charts, named as the catalog's `charts` (the
 * names chartSvg and `gradscope figure --chart` take; their figures get `data-panel` when the
 * element is built, from their canvases' ids `c-<name>`). Returns { parts, panels }.
 */
export function partNames(charts) {
  const panels = [...TEMPLATE.matchAll(/data-panel="([^"]+)"/g)].map((m) => m[1]);
  const controls = [...TEMPLATE.matchAll(/data-hide="([^"]+)"/g)].map((m) => m[1]);
  return { parts: [...panels, ...charts, ...controls], panels: [...panels, ...charts] };
}

/** The ids of the template's elements the explorer keeps at hand. */
const UI_IDS = [
  'presets', 'preset-caption', 'play', 'step', 'reset', 'speed', 'lr-slider', 'lr-box', 'lr-error', 'lr-note',
  'clip-on', 'clip-box', 'clip-error', 'layers', 'width', 'shape-error', 'activation', 'dataset',
  'unit-picker', 'pick-layer', 'pick-unit', 'param-rows', 'param-row', 'scheme', 'scale',
  'scale-error', 'scale-meaning', 'seed', 'seed-error', 'new-seed', 'initialize', 'notice', 'step-count',
  'loss', 'grad-norm', 'lr-shown', 'clip-shown', 'banner', 'collapse', 'vanishing', 'converged', 'axis-x', 'axis-y', 'overshoot-param',
  'sample', 'sample-error', 'sample-max', 'sample-x', 'sample-y', 'sample-yhat', 'x-meaning', 'y-meaning',
  'diagram-grads', 'diagram-pick', 'diagram-actions', 'pick-x', 'pick-y', 'hold', 'legend-param', 'legend-update', 'line-numbers', 'race-shape', 'race-seeds', 'race-seed', 'race-run', 'race-progress', 'race-error', 'race-outcomes',
  'race-rates', 'width-one-note', 'sweep-width', 'sweep-seeds', 'sweep-samples', 'sweep-run', 'sweep-progress', 'sweep-summary',
  'chain-param', 'chain-wide', 'chain-body', 'chain-factors', 'chain-cancel', 'chain-batch',
  'copy-link', 'copy-status', 'link-text', 'link-restores', 'figure-chart', 'figure-png', 'figure-svg',
  'history-csv', 'history-json', 'export-error', 'csv-file', 'csv-text', 'csv-load', 'csv-error',
  'csv-status', 'replay', 'reset-note',
];

/** The elements of UI_IDS in an explorer's shadow `root`, by camelCase id (`lr-box` → `lrBox`). */
export function uiParts(root) {
  const camel = (id) => id.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  return Object.fromEntries(UI_IDS.map((id) => [camel(id), root.querySelector(`#${id}`)]));
}
