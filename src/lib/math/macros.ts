/*
 * Macros authors define in their papers and use in their abstracts, which KaTeX does not know.
 * arXiv shows abstracts with MathJax and the author's source, so these reach us bare. Each maps to
 * the notation it stands for, as TeX KaTeX typesets; a site adds its own in src/site.ts
 * (`mathMacros`). A command in neither table and unknown to KaTeX is shown as its own name (see
 * src/lib/math/katex.ts), so one unknown command never loses the rest of a formula.
 */

import { SITE } from '../../site.ts';

/** Author macros by command, as TeX for KaTeX: astronomy units, blackboard letters, common shorthands. */
export const AUTHOR_MACROS: Readonly<Record<string, string>> = {
  // Solar units, as astronomers write them.
  '\\msun': 'M_\\odot',
  '\\Msun': 'M_\\odot',
  '\\msol': 'M_\\odot',
  '\\Msol': 'M_\\odot',
  '\\rsun': 'R_\\odot',
  '\\Rsun': 'R_\\odot',
  '\\lsun': 'L_\\odot',
  '\\Lsun': 'L_\\odot',
  '\\zsun': 'Z_\\odot',
  '\\Zsun': 'Z_\\odot',
  '\\kms': '\\mathrm{km\\,s^{-1}}',
  // "Less than or about", "greater than or about".
  '\\simlt': '\\lesssim',
  '\\simgt': '\\gtrsim',
  '\\la': '\\lesssim',
  '\\ga': '\\gtrsim',
  '\\lsim': '\\lesssim',
  '\\gsim': '\\gtrsim',
  // Latin shorthands written as commands.
  '\\eg': '\\text{e.g.}',
  '\\ie': '\\text{i.e.}',
  '\\etal': '\\text{et al.}',
  // Blackboard letters for number sets (KaTeX has \R, \N and \Z, not these).
  '\\Q': '\\mathbb{Q}',
  '\\C': '\\mathbb{C}',
  '\\E': '\\mathbb{E}',
  '\\F': '\\mathbb{F}',
  '\\PP': '\\mathbb{P}',
  // Operators KaTeX lacks.
  '\\Var': '\\operatorname{Var}',
  '\\Cov': '\\operatorname{Cov}',
  '\\tr': '\\operatorname{tr}',
  '\\sgn': '\\operatorname{sgn}',
  '\\diag': '\\operatorname{diag}',
};

/** Every macro a formula may use beyond KaTeX's own: the table above and the site's (`mathMacros`). */
export const MATH_MACROS: Readonly<Record<string, string>> = Object.freeze({ ...AUTHOR_MACROS, ...SITE.mathMacros });
