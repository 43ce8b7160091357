// A short two-tone beep with Web Audio (no audio file). Browsers allow sound after a user gesture:
// the login (or any click or key) counts; until then beep() is silent but still counted.
let ctx = null

export function unlockSound () {
  try {
    ctx ??= new AudioContext()
    if (ctx.state === 'suspended') void ctx.resume()
  } catch { ctx = null }
}

export function beep () {
  const counter = document.getElementById('alert-cue')
  if (counter !== null) counter.dataset.beeps = String(Number(counter.dataset.beeps ?? 0) + 1)
  if (ctx === null) return
  const now = ctx.currentTime
  for (const [freq, at] of [[880, 0], [660, 0.18]]) {
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.frequency.value = freq
    gain.gain.setValueAtTime(0.0001, now + at)
    gain.gain.exponentialRampToValueAtTime(0.3, now + at + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.16)
    osc.connect(gain).connect(ctx.destination)
    osc.start(now + at)
    osc.stop(now + at + 0.17)
  }
}
