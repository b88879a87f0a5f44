/** The browser objects the privacy signals are read from. */
export interface PrivacyNavigator {
  doNotTrack?: string | null;
  globalPrivacyControl?: boolean;
  msDoNotTrack?: string;
}

/**
 * Whether the visitor asked not to be tracked: Do Not Track (`navigator.doNotTrack === '1'`, or
 * the older `window.doNotTrack` / `msDoNotTrack`) or Global Privacy Control
 * (`navigator.globalPrivacyControl`, a legal opt-out under CCPA).
 */
export function privacySignalSet(navigator: PrivacyNavigator | undefined, windowDoNotTrack?: string | null): boolean {
  if (!navigator) return false;
  if (navigator.globalPrivacyControl === true) return true;
  const dnt = navigator.doNotTrack ?? windowDoNotTrack ?? navigator.msDoNotTrack;
  return dnt === '1' || dnt === 'yes';
}
