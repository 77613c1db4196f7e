import { renderAs, type OutputFormat } from '../render/formats.js';
import type { Core } from '../usecase/core.js';
import type { KindTally } from '../usecase/triage-paste.js';

/** A paste triaged and rendered in one format: the answer of `POST /api/triage`, and its metric. */
export interface RenderedTriage {
  body: string;
  tallies: KindTally[];
  seconds: number;
}

/** Triages `text` and renders the note; a triage worker runs this too, so only the text comes back. */
export async function triageAs(core: Core, text: string, format: OutputFormat): Promise<RenderedTriage> {
  const triage = await core.triagePaste({ text });
  return { body: renderAs(format, triage), tallies: triage.tallies, seconds: triage.seconds };
}
