import { Placeholder } from '../../ui/Placeholder.js';

/** Placeholder — incidents: open, link, resolve. */
export default function Incidents() {
  return <Placeholder title="nav.incidents" />;
}
