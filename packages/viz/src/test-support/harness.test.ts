import { html, LitElement } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { expectAccessible, mount, removeMounted } from './harness';

afterEach(removeMounted);

class Unlabelled extends LitElement {
  override render() {
    return html`<button></button><input type="range" />`;
  }
}
customElements.define('pl-test-unlabelled', Unlabelled);

describe('the axe check', () => {
  it('sees violations inside shadow roots, so a passing check means something', async () => {
    const el = await mount<Unlabelled>('pl-test-unlabelled');
    await expect(expectAccessible(el)).rejects.toThrow(/button-name|label/);
  });
});
