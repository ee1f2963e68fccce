import { MATH_MACROS } from './macros.ts';
import type { Segment } from './segments.ts';

/** TeX macro → the character or word it stands for in plain text. */
const SYMBOLS: Record<string, string> = Object.fromEntries(
  (
    'alpha=α beta=β gamma=γ delta=δ epsilon=ε varepsilon=ε zeta=ζ eta=η theta=θ vartheta=ϑ iota=ι ' +
    'kappa=κ lambda=λ mu=μ nu=ν xi=ξ pi=π rho=ρ sigma=σ tau=τ upsilon=υ phi=φ varphi=φ chi=χ psi=ψ ' +
    'omega=ω Gamma=Γ Delta=Δ Theta=Θ Lambda=Λ Xi=Ξ Pi=Π Sigma=Σ Upsilon=Υ Phi=Φ Psi=Ψ Omega=Ω leq=≤ ' +
    'le=≤ geq=≥ ge=≥ neq=≠ ne=≠ approx=≈ sim=∼ propto=∝ pm=± mp=∓ times=× cdot=· cdots=⋯ ldots=… ' +
    'dots=… infty=∞ nabla=∇ partial=∂ sum=∑ prod=∏ int=∫ sqrt=√ star=⋆ in=∈ rightarrow=→ to=→ ' +
    'leftarrow=← Rightarrow=⇒ leftrightarrow=↔ mapsto=↦ log=log ln=ln exp=exp min=min max=max sup=sup ' +
    'inf=inf lim=lim arg=arg det=det top=⊤ ell=ℓ odot=⊙ lesssim=≲ gtrsim=≳ %=% $=$ &=& #=# _=_ {={ }=}'
  )
    .split(' ')
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

/**
 * A readable plain-text form of a TeX formula, for search indexes, `<title>` and excerpts:
 * symbol macros become Unicode, layout macros and braces go.
 * @example mathToPlainText('\\mathcal{O}(\\epsilon^{-3})') // 'O(ε^-3)'
 */
export function mathToPlainText(tex: string): string {
  // Author macros first, as KaTeX expands them (`\msun` is `M_\odot`).
  let flat = tex.replace(/\\[A-Za-z]+/g, (command) => MATH_MACROS[command] ?? command);
  // Innermost first, so `\frac{\sqrt{d}}{n}` becomes `√d/n`.
  for (let previous = ''; previous !== flat;) {
    previous = flat;
    flat = flat
      .replace(/\\sqrt\s*\{([^{}]*)\}/g, (_whole, radicand: string) => `√${atom(radicand)}`)
      .replace(
        /\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g,
        (_whole, top: string, bottom: string) => `${atom(top)}/${atom(bottom)}`,
      );
  }
  return flat
    .replace(/\\([A-Za-z]+|[%$&#_{}])/g, (_whole, name: string) => SYMBOLS[name] ?? '')
    .replace(/[{}]/g, '')
    .replace(/\\[,;:! ]/g, ' ')
    .replace(/~/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A fraction's part, in parentheses unless it is one word or number. */
const atom = (part: string) => (/^[\w.\\√]+$/.test(part.trim()) ? part.trim() : `(${part.trim()})`);

/** Segments as one line of plain text: prose as is, formulas in their plain-text form. */
export function segmentsToPlainText(segments: readonly Segment[]): string {
  return segments
    .map((segment) => (segment.kind === 'text' ? segment.value : mathToPlainText(segment.value)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
