import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApplicationStatus } from '@tongban/contracts';
import { deriveStatus } from './bundles.policy.ts';
import { formatBundleNumber } from './bundles.submission.ts';

const req = (status: ApplicationStatus) => ({ required: true, status });
const opt = (status: ApplicationStatus) => ({ required: false, status });

describe("a bundle's outcome follows its cases", () => {
  test('completed as soon as every required case is approved, whatever the optional ones do', () => {
    assert.equal(deriveStatus([req('approved'), req('approved'), opt('in_review')]), 'completed');
    assert.equal(deriveStatus([req('approved'), req('approved'), opt('rejected')]), 'completed');
    assert.equal(deriveStatus([req('approved'), opt('withdrawn')]), 'completed');
  });

  test('in progress while a case is open, even when another was already refused', () => {
    assert.equal(deriveStatus([req('submitted'), req('accepted')]), 'in_progress');
    assert.equal(deriveStatus([req('approved'), req('rejected'), opt('in_review')]), 'in_progress');
    assert.equal(deriveStatus([req('returned'), req('approved')]), 'in_progress');
    assert.equal(deriveStatus([req('suspended'), req('approved')]), 'in_progress');
  });

  test('all decided: partially completed, rejected or withdrawn', () => {
    assert.equal(deriveStatus([req('approved'), req('rejected'), opt('approved')]), 'partially_completed');
    assert.equal(deriveStatus([req('approved'), req('withdrawn')]), 'partially_completed');
    assert.equal(deriveStatus([req('rejected'), req('rejected'), opt('rejected')]), 'rejected');
    assert.equal(deriveStatus([req('revoked'), req('withdrawn')]), 'rejected');
    assert.equal(deriveStatus([req('withdrawn'), opt('withdrawn')]), 'withdrawn');
    assert.equal(deriveStatus([req('rejected'), opt('approved')]), 'partially_completed');
  });

  test('bundle numbers are their own series beside case numbers', () => {
    assert.equal(formatBundleNumber('339000', 2026, 42), '339000-2026-B000042');
  });
});
