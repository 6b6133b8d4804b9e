import re,collections,sys
txt=open(sys.argv[1]).read()
samples=txt.split('jdk.ExecutionSample')[1:]
c=collections.Counter(); tot=0
for s in samples:
    t=re.search(r'sampledThread = "([^"]*)"',s).group(1)
    frames=re.findall(r'^\s+([\w.$<>]+)\(',s,re.M)
    st='\n'.join(frames)
    if any(k in st for k in ['LoginController','Argon2','HandshakeWebSocketService','SessionController','LiveInboundInterceptor']) or t=='main': continue
    tot+=1
    if 'exec' in t: g='tomcat request/WebSocket threads (our code, driver client side)'
    elif 'mongo-server-worker' in t: g='embedded MongoDB server workers (command handling)'
    elif 'serialization' in t: g='H2 serialisation thread (Java serialisation of documents)'
    elif 'MVStore' in t or 'H2-save' in t: g='H2 background writer / save'
    elif 'audit' in t: g='audit flusher'
    else: g='other: '+re.sub(r'\d+','N',t)[:40]
    c[g]+=1
print("non-login samples:",tot)
for k,v in c.most_common(10): print(f"{v*100/tot:5.1f}% {k}")
