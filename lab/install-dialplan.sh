#!/bin/sh
# Puts the README's FastAGI lines into the test PBX (shared/asterisk-lab, config in /etc/asterisk) and adds the
# manager.conf user the rules need, then reloads Asterisk.
# usage: lab/install-dialplan.sh RULES_DIR MANAGER_SECRET   (run from the repository; needs `engine` built)
set -eu
rules=${1:?usage: install-dialplan.sh RULES_DIR MANAGER_SECRET}
secret=${2:?usage: install-dialplan.sh RULES_DIR MANAGER_SECRET}
here=$(cd "$(dirname "$0")" && pwd)
conf=/etc/asterisk
# The PBX's own [incoming] stays, renamed; lab/extensions-switchboard.conf brings the README's.
sed -i 's/^\[incoming\]$/[incoming-original]/' $conf/extensions.conf
grep -q '^#include extensions-switchboard.conf' $conf/extensions.conf \
  || printf '\n#include extensions-switchboard.conf\n' >> $conf/extensions.conf
cp "$here/extensions-switchboard.conf" $conf/
# The manager.conf user as `engine asterisk manager-conf` prints it, with the secret filled in.
${ENGINE:-.build/debug/engine} asterisk manager-conf --rules "$rules" --user switchboard \
  | sed "s/^secret *=.*/secret = $secret/" > $conf/manager-switchboard.conf
grep -q '^#include manager-switchboard.conf' $conf/manager.conf \
  || printf '\n#include manager-switchboard.conf\n' >> $conf/manager.conf
asterisk -rx "dialplan reload" && asterisk -rx "manager reload"
asterisk -rx "dialplan show 74951110000@incoming" | head -3
