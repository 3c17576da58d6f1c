import { Placeholder } from '../../ui/Placeholder.js';

/** Placeholder — the request desk: lists with filters, live updates (requestChanged). */
export default function Desk() {
  return <Placeholder title="nav.desk" />;
}
