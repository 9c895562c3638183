// What main hands to post, in one convention for every action: a named slot per piece, read and
// written through @actions/core's state (main's saveState → STATE_<name> in post, another
// process that knows only what was saved). Each action's state-helper.ts lists its slots.
import * as core from '@actions/core';

export interface StateSlot<T> {
  get(): T;
  set(value: T): void;
}

/** A string as saved ('' when main never saved it). */
export function textState(name: string): StateSlot<string> {
  return { get: () => core.getState(name), set: (value) => core.saveState(name, value) };
}

/** A flag saved as 'true' / 'false'; `whenUnset` is what a slot main never saved reads as. */
export function flagState(name: string, whenUnset = false): StateSlot<boolean> {
  return {
    get: () => {
      const value = core.getState(name);
      return value === '' ? whenUnset : value === 'true';
    },
    set: (value) => core.saveState(name, String(value)),
  };
}

/**
 * Saved first thing in main (`postFlag.set(true)`): the runner runs the same bundle as post, and
 * only this tells the two apart.
 */
export const postFlag = flagState('isPost');
