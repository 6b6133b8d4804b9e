#!/usr/bin/env bash
# threads.sh PID SECONDS : CPU seconds per thread name over the window
PID=$1; S=$2
snap() { for t in /proc/$PID/task/*; do echo "$(cat $t/comm 2>/dev/null | tr ' ' '_') $(awk '{print $14+$15}' $t/stat 2>/dev/null)"; done; }
snap > /tmp/q/snap1; sleep $S; snap > /tmp/q/snap2
python3 - <<'PY'
import collections,re
def load(f):
    d={}
    for i,l in enumerate(open(f)):
        p=l.split()
        if len(p)==2: d[(i,p[0])]=int(p[1])
    return d
a=load('/tmp/q/snap1'); b=load('/tmp/q/snap2')
# match by name order (threads rarely change); aggregate by name pattern
def agg(d):
    c=collections.Counter()
    for (i,n),v in d.items(): c[re.sub(r'\d+','N',n)]+=v
    return c
ca,cb=agg(a),agg(b)
tot=sum(cb.values())-sum(ca.values())
print("total cpu s:",tot/100)
for k in sorted(cb,key=lambda k:-(cb[k]-ca.get(k,0)))[:20]:
    d=cb[k]-ca.get(k,0)
    if d>0: print(f"{d/100:6.2f}s {d*100/tot:5.1f}% {k}")
PY
