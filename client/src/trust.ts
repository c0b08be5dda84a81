/**
 * Workspace trust: in Restricted Mode only editing runs. Anything that evaluates the template with side effects
 * (builds, the console, validate through the CLI with file functions) refuses and says why.
 */
import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';

export function untrustedMessage(action: string): string {
  return (
    `Packer: ${action} is disabled in Restricted Mode. This workspace is not trusted, and ${action.toLowerCase()} ` +
    'would run code from its templates (provisioners, shell-local, file functions, data sources). ' +
    'Trust the workspace to enable it; editing features keep working.'
  );
}

/** True when the action may run; otherwise tells the user why not, with a way to change it. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  // Not awaited: the command returns at once, the notification stays until the user dismisses it.
  void vscode.window.showErrorMessage(untrustedMessage(action), MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
