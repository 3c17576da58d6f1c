import { useCallback, useEffect, useRef, useState } from 'react';
import { type Language, localDigits } from '../../format.js';

/**
 * New critical work announces itself on a watched queue: a short beep (WebAudio, nothing fetched), a browser
 * notification for those who turned it on (permission asked only when they click), and a count in the tab's title
 * while the tab is not in front — cleared when it comes back.
 */

const storageKey = (subject: string, what: 'sound' | 'notify') => `abfa.alerts.${what}.${subject}`;

function stored(subject: string, what: 'sound' | 'notify', fallback: boolean): boolean {
  const value = localStorage.getItem(storageKey(subject, what));
  return value == null ? fallback : value === '1';
}

let audio: AudioContext | null = null;

/** Two short tones; the context is made (or resumed) on a user's click first, as browsers require. */
export function beep(): void {
  const Context = window.AudioContext;
  if (!Context) return;
  audio ??= new Context();
  void audio.resume();
  const start = audio.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.22, 660],
  ] as const) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.18);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.2);
  }
}

/** The title's count prefix, «(۲) », removed or replaced whatever the title is now (the language may change it). */
const countPrefix = /^\([0-9۰-۹]+\)\s/;
export function titleWithCount(title: string, count: number, language: Language): string {
  const base = title.replace(countPrefix, '');
  return count > 0 ? `(${localDigits(count, language)}) ${base}` : base;
}

export interface CriticalAlerts {
  sound: boolean;
  setSound: (on: boolean) => void;
  /** Browser notifications: on only after the user asked and the browser allowed. */
  notify: boolean;
  notifySupported: boolean;
  notifyBlocked: boolean;
  toggleNotify: () => Promise<void>;
  /** New critical requests since the tab was last in front. */
  unseen: number;
  announce: (title: string, body: string) => void;
}

export function useCriticalAlerts(subject: string, language: Language): CriticalAlerts {
  const notifySupported = typeof window !== 'undefined' && 'Notification' in window;
  const [sound, setSoundState] = useState(() => stored(subject, 'sound', true));
  const [notify, setNotifyState] = useState(
    () => notifySupported && Notification.permission === 'granted' && stored(subject, 'notify', false),
  );
  const [notifyBlocked, setBlocked] = useState(() => notifySupported && Notification.permission === 'denied');
  const [unseen, setUnseen] = useState(0);
  const inFront = useRef(document.visibilityState === 'visible' && document.hasFocus());

  const setSound = useCallback(
    (on: boolean) => {
      localStorage.setItem(storageKey(subject, 'sound'), on ? '1' : '0');
      setSoundState(on);
      if (on) beep(); // the click unlocks audio, and the user hears what it will sound like
    },
    [subject],
  );

  const toggleNotify = useCallback(async () => {
    if (!notifySupported) return;
    if (notify) {
      localStorage.setItem(storageKey(subject, 'notify'), '0');
      setNotifyState(false);
      return;
    }
    const permission =
      Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    setBlocked(permission === 'denied');
    const on = permission === 'granted';
    localStorage.setItem(storageKey(subject, 'notify'), on ? '1' : '0');
    setNotifyState(on);
  }, [notify, notifySupported, subject]);

  // The tab comes back to the front: what was new has been seen.
  useEffect(() => {
    const seen = () => {
      inFront.current = document.visibilityState === 'visible';
      if (inFront.current) setUnseen(0);
    };
    const away = () => {
      inFront.current = false;
    };
    window.addEventListener('focus', seen);
    window.addEventListener('blur', away);
    document.addEventListener('visibilitychange', seen);
    return () => {
      window.removeEventListener('focus', seen);
      window.removeEventListener('blur', away);
      document.removeEventListener('visibilitychange', seen);
    };
  }, []);

  useEffect(() => {
    document.title = titleWithCount(document.title, unseen, language);
  }, [unseen, language]);
  // Leaving the screen leaves no count behind.
  useEffect(
    () => () => {
      document.title = document.title.replace(countPrefix, '');
    },
    [],
  );

  const settings = useRef({ sound, notify });
  settings.current = { sound, notify };
  const announce = useCallback((title: string, body: string) => {
    if (settings.current.sound) beep();
    if (settings.current.notify && Notification.permission === 'granted')
      new Notification(title, { body, tag: `abfa-critical-${body}`, lang: document.documentElement.lang });
    if (!inFront.current) setUnseen((n) => n + 1);
  }, []);

  return { sound, setSound, notify, notifySupported, notifyBlocked, toggleNotify, unseen, announce };
}
