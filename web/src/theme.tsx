import { createTheme, DirectionProvider, MantineProvider, useDirection } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useI18n } from './i18n.js';

const fontFamily = 'Vazirmatn, Tahoma, sans-serif';

export const theme = createTheme({
  fontFamily,
  headings: { fontFamily },
  primaryColor: 'blue',
  // The darker shades: white on the primary colour passes contrast (4.5:1).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
});

/** Keeps Mantine's direction equal to the language's (RTL for Persian, LTR for English). */
function DirectionSync() {
  const { dir } = useI18n();
  const { setDirection } = useDirection();
  useEffect(() => setDirection(dir), [dir, setDirection]);
  return null;
}

export function ThemeProvider({ children }: { children: ReactNode }) {
  const { dir } = useI18n();
  return (
    <DirectionProvider initialDirection={dir} detectDirection={false}>
      <DirectionSync />
      <MantineProvider theme={theme} defaultColorScheme="light">
        {children}
      </MantineProvider>
    </DirectionProvider>
  );
}
