// The lab's pulumi-language-python: the Python language host that the module proxy serves
// (sdk/v3 v3.68.0's, installed beside this binary as pulumi-language-python-sdk with its exec shim
// pulumi-language-python-exec) behind a gRPC proxy that adds what that host lacks for CLI 3.259.
//
// CLI 3.259 starts a language host with the engine's address only and sends the project's runtime
// options (virtualenv) in each request's ProgramInfo; v3.68.0's host took them as flags (-root,
// -virtualenv) and, without them, runs programs on whatever python3 is on PATH. So the proxy starts
// the inner host on the first request, with the flags that request's ProgramInfo gives, and sends
// every later request with the same options to it, byte for byte.
//
// `pulumi package add` asks the project's host to generate an SDK from a package's schema
// (GeneratePackage) and to link it into the project (Link); v3.68.0's host has neither. Here
// GeneratePackage runs pkg/v3's Python code generator at the CLI's version, with the schemas of
// referenced packages from the CLI's loader, and Link adds each SDK's folder to the project's
// requirements.txt, the file the host's InstallDependencies (which the CLI calls next) installs
// into the virtualenv.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

const (
	service              = "pulumirpc.LanguageRuntime"
	generatePackageCall  = "/" + service + "/GeneratePackage"
	linkCall             = "/" + service + "/Link"
	codegenTool          = "pulumi-language-python"
	requirementsFileName = "requirements.txt"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python (lab): %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	p := &proxy{innerPath: filepath.Join(filepath.Dir(self), "pulumi-language-python-sdk"), args: os.Args[1:], inners: map[string]*inner{}}
	server := grpc.NewServer(
		grpc.UnknownServiceHandler(p.handle),
		grpc.ForceServerCodec(rawCodec{}),
		grpc.MaxRecvMsgSize(math.MaxInt32),
		grpc.MaxSendMsgSize(math.MaxInt32),
	)
	go func() { _ = server.Serve(listener) }()
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)

	// The engine stops a language host with a signal, or by going away (the inner hosts watch it
	// and exit); either way this proxy ends with them.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		sig := <-signals
		p.signalAll(sig)
		server.Stop()
		os.Exit(0)
	}()
	// As every language host does: stop when the engine stops answering its health check.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if address := engineAddress(os.Args[1:]); address != "" {
		if err := rpcutil.Healthcheck(ctx, address, 5*time.Minute, cancel); err != nil {
			return err
		}
	}
	<-ctx.Done()
	p.signalAll(syscall.SIGTERM)
	server.Stop()
	return nil
}

// engineAddress is the positional argument the CLI passes (flags, if any, come first).
func engineAddress(args []string) string {
	for i := len(args) - 1; i >= 0; i-- {
		if !strings.HasPrefix(args[i], "-") {
			return args[i]
		}
	}
	return ""
}

// inner is one v3.68.0 host, started with one project's root and virtualenv.
type inner struct {
	cmd  *exec.Cmd
	conn *grpc.ClientConn
}

type proxy struct {
	innerPath string
	args      []string
	mu        sync.Mutex
	inners    map[string]*inner
	last      *inner
}

func (p *proxy) signalAll(sig os.Signal) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, in := range p.inners {
		_ = in.cmd.Process.Signal(sig)
	}
}

// innerFor returns the inner host for a request's ProgramInfo (nil: the last one started, or one
// without options).
func (p *proxy) innerFor(info *pulumirpc.ProgramInfo) (*inner, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if info == nil && p.last != nil {
		return p.last, nil
	}
	var flags []string
	if info != nil {
		if venv := info.GetOptions().GetFields()["virtualenv"].GetStringValue(); venv != "" {
			flags = append(flags, "-root", info.GetRootDirectory(), "-virtualenv", venv)
		}
	}
	key := strings.Join(flags, "\x00")
	if in, ok := p.inners[key]; ok {
		p.last = in
		return in, nil
	}
	in, err := p.start(flags)
	if err != nil {
		return nil, err
	}
	p.inners[key] = in
	p.last = in
	return in, nil
}

func (p *proxy) start(flags []string) (*inner, error) {
	cmd := exec.Command(p.innerPath, append(flags, p.args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", p.innerPath, err)
	}
	// A language host prints its port first; what it prints after is the engine's to read.
	reader := bufio.NewReader(out)
	line, err := reader.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("reading the port of %s: %w", p.innerPath, err)
	}
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return nil, fmt.Errorf("%s printed %q, not a port", p.innerPath, line)
	}
	go func() { _, _ = io.Copy(os.Stdout, reader) }()
	go func() { _ = cmd.Wait() }()
	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(math.MaxInt32), grpc.MaxCallSendMsgSize(math.MaxInt32)))
	if err != nil {
		return nil, err
	}
	return &inner{cmd: cmd, conn: conn}, nil
}

func (p *proxy) handle(_ any, stream grpc.ServerStream) error {
	method, ok := grpc.MethodFromServerStream(stream)
	if !ok {
		return errors.New("no method in the stream")
	}
	// Every LanguageRuntime call starts with one request message from the engine.
	first := &frame{}
	if err := stream.RecvMsg(first); err != nil {
		return err
	}
	switch method {
	case generatePackageCall:
		return unary(stream, first, generatePackage)
	case linkCall:
		return unary(stream, first, link)
	}
	info, err := programInfo(method, first.payload)
	if err != nil {
		return err
	}
	in, err := p.innerFor(info)
	if err != nil {
		return err
	}
	return forward(stream, in.conn, method, first)
}

// programInfo decodes a request far enough to read its ProgramInfo, if its message has one.
func programInfo(method string, payload []byte) (*pulumirpc.ProgramInfo, error) {
	name := method[strings.LastIndex(method, "/")+1:]
	desc, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(service))
	if err != nil {
		return nil, err
	}
	m := desc.(protoreflect.ServiceDescriptor).Methods().ByName(protoreflect.Name(name))
	if m == nil {
		return nil, nil
	}
	typ, err := protoregistry.GlobalTypes.FindMessageByName(m.Input().FullName())
	if err != nil {
		return nil, nil
	}
	msg := typ.New().Interface()
	if err := proto.Unmarshal(payload, msg); err != nil {
		return nil, err
	}
	if withInfo, ok := msg.(interface{ GetInfo() *pulumirpc.ProgramInfo }); ok {
		return withInfo.GetInfo(), nil
	}
	return nil, nil
}

// unary answers a call here: decode the request, run fn, send its response.
func unary[Req any, Resp proto.Message, PReq interface {
	*Req
	proto.Message
}](stream grpc.ServerStream, first *frame, fn func(context.Context, PReq) (Resp, error)) error {
	req := PReq(new(Req))
	if err := proto.Unmarshal(first.payload, req); err != nil {
		return err
	}
	resp, err := fn(stream.Context(), req)
	if err != nil {
		return err
	}
	payload, err := proto.Marshal(resp)
	if err != nil {
		return err
	}
	return stream.SendMsg(&frame{payload: payload})
}

// generatePackage writes a Python SDK for the request's schema into its directory. Schemas the
// package refers to come from the CLI's loader; a schema that does not bind comes back as
// diagnostics, which the CLI reports.
func generatePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("the schema is not a package spec: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	files, err := python.GeneratePackage(codegenTool, pkg, req.GetExtraFiles(), loader)
	if err != nil {
		return nil, err
	}
	for name, content := range files {
		path := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, content, 0o600); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}

// link adds each generated SDK's folder (relative to the project root) to requirements.txt, once:
// pip installs a line that names a folder from that folder.
func link(_ context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	root := req.GetInfo().GetRootDirectory()
	path := filepath.Join(root, requirementsFileName)
	content, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(content), "\n"), "\n")
	if len(content) == 0 {
		lines = nil
	}
	present := map[string]bool{}
	for _, line := range lines {
		present[strings.TrimPrefix(strings.TrimSpace(line), "./")] = true
	}
	var instructions []string
	for _, dep := range req.GetPackages() {
		sdk := filepath.ToSlash(dep.GetPath())
		if !present[strings.TrimPrefix(sdk, "./")] {
			lines = append(lines, sdk)
			present[sdk] = true
		}
		name := dep.GetPackage().GetName()
		module := python.PyPack("", name)
		instructions = append(instructions, fmt.Sprintf("import %s as %s", module, strings.ReplaceAll(name, "-", "_")))
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil { //nolint:gosec // a project file
		return nil, err
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: "You can then import the SDK in your Python code with:\n\n  " + strings.Join(instructions, "\n  ") + "\n",
	}, nil
}
