// LogicMonitor API tokens as Pulumi resources: create, rotate, adopt, import and delete them, with the key always secret.
package logicmonitor
