import { Placeholder } from '../../ui/Placeholder.js';

/** Placeholder — the knowledge base: answer scripts, versions, publishing. */
export default function Knowledge() {
  return <Placeholder title="nav.knowledge" />;
}
