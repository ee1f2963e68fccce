/**
 * A deterministic synthetic archive for the bench: realistic papers in Paperboy's own JSON format,
 * one file per listing day (`YYYY-MM-DD.json`), as a daily import would leave them. Abstracts run
 * 150–250 words, most carry inline `$…$` math, some `$$…$$` display math; about 60 papers a
 * weekday. The same `count` and `seed` always give the same bytes.
 */

export interface CorpusDay {
  date: string;
  papers: Record<string, unknown>[];
}

/** A small fast PRNG (mulberry32): the corpus must not depend on Math.random. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (list: string) => list.trim().split(/\s+/);

const TOPICS = words(`
  diffusion transformer attention retrieval reasoning alignment agents tokenizer distillation quantization
  pruning sparsity mixture-of-experts scaling benchmark multimodal vision-language speech robotics planning
  reinforcement preference reward calibration uncertainty robustness privacy federated graph molecular protein
  segmentation detection tracking rendering video audio code mathematics theorem-proving compression memory
  long-context curriculum synthetic-data hallucination interpretability circuits steering watermarking
`);
const TITLE_HEADS = words(`
  Scaling Rethinking Towards Understanding Learning Efficient Adaptive Robust Unified Sparse Latent Fast
  Provable Self-Supervised Hierarchical Generalized Dynamic Contrastive Causal Modular Implicit Universal
`);
const TITLE_NOUNS = words(`
  Models Transformers Agents Representations Policies Priors Objectives Networks Embeddings Decoders Encoders
  Retrievers Planners Experts Benchmarks Datasets Kernels Estimators Solvers Bounds
`);
const PROSE = words(`
  we propose a novel method that improves the performance of large models on challenging tasks while
  reducing the computational cost our approach combines ideas from optimization and statistics to obtain
  strong guarantees experiments on standard benchmarks show consistent gains over competitive baselines
  in addition we analyze the behaviour of the training dynamics and identify the key factors that drive
  generalization the resulting framework is simple to implement scales to billions of parameters and
  transfers across domains without additional tuning we release code and data to facilitate future research
  furthermore extensive ablations confirm that each component contributes to the final accuracy and that the
  improvements persist under distribution shift noise and limited supervision
`);
/** Formula shapes; `V`, `W` become variables, `N` numbers, so most formulas differ as in real abstracts. */
const INLINE_MATH = [
  'O(V^{-N})',
  'V \\in \\mathbb{R}^{N}',
  '\\mathcal{L}_{V} = \\sum_{i=1}^{N} \\log p(W_i)',
  '\\frac{1}{\\sqrt{V}}',
  'V = 0.N',
  '\\|V\\|_2 \\le N',
  'V \\ll W',
  '\\tilde{O}(\\sqrt{V})',
  '\\mathbb{E}[f(V)]',
  'p(V \\mid W)',
  '\\lambda_{\\max}(V)',
  'N\\times',
  'V^{N/3}',
  'V_1, V_2',
  'V',
  'N\\%',
];
const DISPLAY_MATH = [
  '\\min_{V} \\; \\mathbb{E}_{(x,y) \\sim \\mathcal{D}} \\left[ \\ell(f_V(x), y) \\right]',
  'R(V) = O\\left(\\sqrt{V \\log W}\\right) + N',
  'q(V \\mid W) = \\mathcal{N}(\\mu(W), \\sigma^2 I_{N})',
];
const VARIABLES = words(`x y z n m k d T L \\theta \\alpha \\beta \\epsilon \\delta \\lambda \\sigma \\mu \\phi
  \\eta \\gamma \\rho \\tau \\omega`);

const FIRST = words(`Ana Ben Chen Dmitri Elena Farid Grace Hiro Ines Jonas Kavya Lena Mateo Nadia Omar Priya Quentin
  Rosa Sven Tara Umar Vera Wei Xin Yara Zoe Aiko Bruno Carla Dev Emil Fatima Goran Hana Ivan Jia Karim Lucia Mira
  Nils Olga Pablo Rafael Sofia Tomas Uma Viktor Wen Yusuf Zara`);
/** Family names are built from syllables: a real archive has tens of thousands of distinct authors. */
const SYLLABLES = words(`ka ri mo to na sa li be ro chen wang zhao ler son berg man ov ski da ta mi ne lu ga`);
const ORGS = ['Example Lab', 'Open Research Institute', 'University of Somewhere', 'Acme AI', 'Northern Tech'];

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);

function formula(rng: () => number, shapes: readonly string[]): string {
  return pick(rng, shapes)
    .replace(/V/g, () => pick(rng, VARIABLES))
    .replace(/W/g, () => pick(rng, VARIABLES))
    .replace(/N/g, () => String(1 + Math.floor(rng() * 99)));
}

function author(rng: () => number): string {
  const syllables = 2 + Math.floor(rng() * 2);
  const family = Array.from({ length: syllables }, () => pick(rng, SYLLABLES)).join('');
  return `${pick(rng, FIRST)} ${capital(family)}`;
}

function abstract(rng: () => number): string {
  const target = 150 + Math.floor(rng() * 101);
  const withMath = rng() < 0.8;
  const parts: string[] = [];
  let count = 0;
  let sentence = 0;
  while (count < target) {
    const length = 12 + Math.floor(rng() * 14);
    const tokens: string[] = [];
    for (let i = 0; i < length; i++) tokens.push(i % 9 === 4 ? pick(rng, TOPICS) : pick(rng, PROSE));
    if (withMath && rng() < 0.45)
      tokens.splice(1 + Math.floor(rng() * (length - 2)), 0, `$${formula(rng, INLINE_MATH)}$`);
    parts.push(`${capital(tokens.join(' '))}.`);
    count += tokens.length;
    sentence += 1;
    if (withMath && sentence === 3 && rng() < 0.12) parts.push(`$$${formula(rng, DISPLAY_MATH)}$$`);
  }
  return parts.join(' ');
}

function title(rng: () => number): string {
  const topic = capital(pick(rng, TOPICS));
  const base = `${pick(rng, TITLE_HEADS)} ${topic} ${pick(rng, TITLE_NOUNS)}`;
  if (rng() < 0.08) return `${base} in $${formula(rng, INLINE_MATH)}$ Time`;
  return rng() < 0.5 ? `${base} for ${capital(pick(rng, TOPICS))}` : base;
}

/** Weekdays from `start` on: Daily Papers lists nothing on weekends. */
function* weekdays(start: string): Generator<string> {
  const day = new Date(`${start}T00:00:00Z`);
  for (;;) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) yield day.toISOString().slice(0, 10);
    day.setUTCDate(day.getUTCDate() + 1);
  }
}

/**
 * The first `count` papers of the synthetic archive, grouped by listing day, oldest first.
 * `perDay` is the range of papers a day lists (tests use few, to spread a small archive over months).
 */
export function generateCorpus(
  count: number,
  { seed = 7, start = '2023-05-01', perDay = [40, 80] as [number, number] } = {},
): CorpusDay[] {
  const rng = random(seed);
  const days: CorpusDay[] = [];
  const perMonth = new Map<string, number>();
  let made = 0;
  for (const date of weekdays(start)) {
    if (made >= count) break;
    const size = Math.min(count - made, perDay[0] + Math.floor(rng() * (perDay[1] - perDay[0] + 1)));
    const papers: Record<string, unknown>[] = [];
    for (let i = 0; i < size; i++) {
      const month = `${date.slice(2, 4)}${date.slice(5, 7)}`;
      const serial = (perMonth.get(month) ?? 0) + 1;
      perMonth.set(month, serial);
      const arxivId = `${month}.${String(serial).padStart(5, '0')}`;
      const authorCount = 1 + Math.floor(rng() * 8);
      const authors = Array.from({ length: authorCount }, () => author(rng));
      papers.push({
        title: title(rng),
        authors: [...new Set(authors)],
        authorCount,
        ...(rng() < 0.6 ? { organization: pick(rng, ORGS) } : {}),
        date,
        upvotes: Math.floor(rng() ** 3 * 300),
        arxivId,
        links: {
          arxiv: `https://arxiv.org/abs/${arxivId}`,
          pdf: `https://arxiv.org/pdf/${arxivId}`,
          ...(rng() < 0.3 ? { github: `https://github.com/example/${arxivId.replace('.', '-')}` } : {}),
        },
        abstract: abstract(rng),
      });
    }
    days.push({ date, papers });
    made += size;
  }
  return days;
}
