/**
 * A short two-tone chime made with Web Audio (no audio file to ship). Browsers only allow sound
 * after a user gesture: `unlock()` is called when the duty officer switches sound on.
 */
let audio: AudioContext | null = null;

export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = null;
  }
}

export function chime(urgent: boolean): void {
  const ctx = audio;
  if (ctx?.state !== 'running') return;
  const start = ctx.currentTime;
  const tones = urgent ? [880, 660, 880, 660] : [880, 660];
  tones.forEach((freq, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.25, start + i * 0.18 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.18 + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + i * 0.18);
    osc.stop(start + i * 0.18 + 0.17);
  });
}

const KEY = 'anju.alerts.sound';
export const soundPreference = {
  get: (): boolean => {
    try {
      return localStorage.getItem(KEY) === 'on';
    } catch {
      return false;
    }
  },
  set: (on: boolean): void => {
    try {
      localStorage.setItem(KEY, on ? 'on' : 'off');
    } catch {
      // private mode: this page only
    }
  },
};
