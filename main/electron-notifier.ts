/** Shows a NotificationSpec as a native notification (Electron's Notification). */
import { Notification } from 'electron';
import type { NotificationSpec } from './notification-policy.js';

export function createNotifier(productName: string): (spec: NotificationSpec, onClick: () => void) => void {
  // Electron drops a notification's click handler once the object is collected: keep each until it is done.
  const live = new Set<Notification>();
  return (spec, onClick) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: spec.title, body: spec.body, subtitle: productName });
    live.add(n);
    const done = () => live.delete(n);
    n.on('click', () => {
      done();
      onClick();
    });
    n.on('close', done);
    n.on('failed', done);
    n.show();
  };
}
