import { Placeholder } from '../../ui/Placeholder.js';

export default function AgentWorkspace() {
  return <Placeholder title="nav.agent" />;
}
