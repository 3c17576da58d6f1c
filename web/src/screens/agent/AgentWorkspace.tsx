import { Button } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMessages } from '../../i18n.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { useShortcuts } from '../../ui/shortcuts.js';
import { CallScreen } from './CallScreen.js';
import { callMessages } from './callMessages.js';
import { messages } from './messages.js';

/**
 * /agent — the agent's screen: one call at a time. Each call is a fresh `CallScreen` (a new key), so a new call
 * starts blank and its timer from zero. The PBX (or a click-to-answer link) opens /agent?caller=…: a new caller
 * while the screen is open starts a new call with their number.
 */
export default function AgentWorkspace() {
  const m = useMessages(messages);
  const w = useMessages(callMessages);
  const [params, setParams] = useSearchParams();
  const callerParam = params.get('caller');
  const lastCallerParam = useRef(callerParam);
  const [call, setCall] = useState({ id: 1, caller: callerParam ?? '' });

  const newCall = useCallback(() => {
    setCall((previous) => ({ id: previous.id + 1, caller: '' }));
    if (params.has('caller')) {
      lastCallerParam.current = null;
      setParams({}, { replace: true });
    }
  }, [params, setParams]);

  useEffect(() => {
    if (!callerParam || callerParam === lastCallerParam.current) return;
    lastCallerParam.current = callerParam;
    setCall((previous) => ({ id: previous.id + 1, caller: callerParam }));
  }, [callerParam]);

  // Alt+N by the physical key: on a Persian layout that key types «د».
  useShortcuts([{ code: 'KeyN', alt: true, label: w.shortcutNewCall, run: newCall }]);

  return (
    <>
      <ScreenTitle
        description={<span data-testid="shortcut-hint">{w.shortcutHelp}</span>}
        actions={
          <Button variant="outline" onClick={newCall} data-testid="new-call">
            {m.newCall}
          </Button>
        }
      >
        {m.title}
      </ScreenTitle>
      <CallScreen key={call.id} initialCaller={call.caller} onNewCall={newCall} />
    </>
  );
}
