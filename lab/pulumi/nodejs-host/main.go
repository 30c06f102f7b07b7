// The lab's pulumi-language-nodejs: the Node.js language host that the module proxy serves
// (sdk/v3 v3.68.0's, installed beside this binary as pulumi-language-nodejs-sdk) behind a gRPC
// proxy that adds what that host lacks for CLI 3.259: RunPlugin, for policy packs and for source
// component packages.
//
// Since CLI 3.221 a TypeScript policy pack (`pulumi preview --policy-pack DIR`) no longer runs
// through the pulumi-analyzer-policy script; the CLI asks the pack's language host to run it
// (RunPlugin with kind "analyzer"), and v3.68.0's host answers "not supported". A source component
// package (a folder with PulumiPlugin.yaml, runtime nodejs: `pulumi package add DIR`, and the
// provider of its components at deploy time) is run the same way, with kind "resource". Here
// RunPlugin starts the package's own @pulumi/pulumi/cmd/run-policy-pack or cmd/run-plugin with
// Node, as CLI 3.259's host does: a policy pack in its own directory behind the sdk's PolicyProxy,
// which takes the stack's configuration from the engine first and hands it to the pack in the
// environment variables @pulumi/policy reads; a component package in the engine's working
// directory, its folder and the engine's arguments after the script. Every other call goes to the
// inner host unchanged, byte for byte.
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

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
)

const runPluginMethod = "/pulumirpc.LanguageRuntime/RunPlugin"

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs (lab): %v\n", err)
		os.Exit(1)
	}
}

// runtimeOptionFlags: the project's runtime options (Pulumi.yaml runtime.options) as the flags
// v3.68.0's host reads. CLI 3.259 starts a language host with the engine's address alone and sends
// the options in each request's ProgramInfo; v3.68.0's host reads them only from its command line,
// where the CLIs of its time put them, so without this every program in the lab ran with ts-node
// registered (typescript: true) and without its nodeargs, unlike under the CLI's own host. The CLI
// starts the host in the project's directory.
func runtimeOptionFlags() []string {
	cwd, err := os.Getwd()
	if err != nil {
		return nil
	}
	path, err := workspace.DetectProjectPathFrom(cwd)
	if err != nil || path == "" {
		return nil
	}
	project, err := workspace.LoadProject(path)
	if err != nil {
		return nil
	}
	options := project.Runtime.Options()
	var flags []string
	for _, name := range []string{"typescript", "tsconfig", "nodeargs"} {
		if value, ok := options[name]; ok {
			flags = append(flags, fmt.Sprintf("-%s=%v", name, value))
		}
	}
	return flags
}

func run() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	innerPath := filepath.Join(filepath.Dir(self), "pulumi-language-nodejs-sdk")
	inner := exec.Command(innerPath, append(runtimeOptionFlags(), os.Args[1:]...)...)
	inner.Stderr = os.Stderr
	innerOut, err := inner.StdoutPipe()
	if err != nil {
		return err
	}
	if err := inner.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", innerPath, err)
	}
	// A language host prints its port first; the engine reads ours instead.
	reader := bufio.NewReader(innerOut)
	line, err := reader.ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading the port of %s: %w", innerPath, err)
	}
	innerPort, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return fmt.Errorf("%s printed %q, not a port", innerPath, line)
	}
	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", innerPort),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(math.MaxInt32), grpc.MaxCallSendMsgSize(math.MaxInt32)))
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	p := &proxy{conn: conn}
	server := grpc.NewServer(
		grpc.UnknownServiceHandler(p.handle),
		grpc.ForceServerCodec(rawCodec{}),
		grpc.MaxRecvMsgSize(math.MaxInt32),
		grpc.MaxSendMsgSize(math.MaxInt32),
	)
	go func() { _ = server.Serve(listener) }()
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)
	go func() { _, _ = io.Copy(os.Stdout, reader) }()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		sig := <-signals
		_ = inner.Process.Signal(sig)
	}()
	// The inner host watches the engine and exits with it; so does this proxy.
	err = inner.Wait()
	server.Stop()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		os.Exit(exitErr.ExitCode())
	}
	return err
}

type proxy struct{ conn *grpc.ClientConn }

func (p *proxy) handle(_ any, stream grpc.ServerStream) error {
	method, ok := grpc.MethodFromServerStream(stream)
	if !ok {
		return errors.New("no method in the stream")
	}
	if method != runPluginMethod {
		return forward(stream, p.conn, method, nil)
	}
	request := &frame{}
	if err := stream.RecvMsg(request); err != nil {
		return err
	}
	var req pulumirpc.RunPluginRequest
	if err := proto.Unmarshal(request.payload, &req); err != nil {
		return err
	}
	// As in CLI 3.259's host: a policy pack is special, every other plugin goes through run-plugin
	// (a component package's provider arrives with kind "resource", or none).
	if req.GetKind() == "analyzer" {
		return runPolicyPack(stream, &req)
	}
	return runComponentPackage(stream, &req)
}

type writerFunc func([]byte) (int, error)

func (w writerFunc) Write(b []byte) (int, error) { return w(b) }

// pluginStreams sends a plugin's output back as RunPlugin responses, and its exit code last.
type pluginStreams struct {
	mu     sync.Mutex
	stream grpc.ServerStream
}

func (p *pluginStreams) send(resp *pulumirpc.RunPluginResponse) error {
	payload, err := proto.Marshal(resp)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stream.SendMsg(&frame{payload: payload})
}

func (p *pluginStreams) stdout() io.Writer {
	return writerFunc(func(b []byte) (int, error) {
		return len(b), p.send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: append([]byte(nil), b...)}})
	})
}

func (p *pluginStreams) stderr() io.Writer {
	return writerFunc(func(b []byte) (int, error) {
		return len(b), p.send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: append([]byte(nil), b...)}})
	})
}

// exit reports the plugin's exit code: a non-zero exit is the plugin's answer, not a failure to run it.
func (p *pluginStreams) exit(err error) error {
	code := 0
	if err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		code = exitErr.ExitCode()
	}
	return p.send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
}

// locateScript finds node and one of @pulumi/pulumi's scripts as Node resolves it from the plugin's
// folder: the plugin runs on its own copy of the SDK.
func locateScript(ctx context.Context, dir, module string) (node string, script string, err error) {
	node, err = exec.LookPath("node")
	if err != nil {
		return "", "", err
	}
	locate := exec.CommandContext(ctx, node, "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	locate.Dir = dir
	path, err := locate.Output()
	if err != nil {
		return "", "", fmt.Errorf("the plugin in %s has no %s (are its dependencies installed?): %w", dir, module, err)
	}
	return node, string(path), nil
}

// runComponentPackage runs a Node.js source component package as CLI 3.259's own host does:
// node <@pulumi/pulumi/cmd/run-plugin> <package folder> <engine's args>, in the engine's working
// directory. run-plugin finds the package's exported components and serves them as a provider.
func runComponentPackage(stream grpc.ServerStream, req *pulumirpc.RunPluginRequest) error {
	ctx := stream.Context()
	out := &pluginStreams{stream: stream}
	dir := req.GetInfo().GetProgramDirectory()
	node, runPath, err := locateScript(ctx, dir, "@pulumi/pulumi/cmd/run-plugin")
	if err != nil {
		return err
	}
	args := append([]string{runPath, dir}, req.GetArgs()...)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(append([]string(nil), req.GetEnv()...), "PULUMI_NODEJS_TYPESCRIPT=true")
	cmd.Stdout = out.stdout()
	cmd.Stderr = out.stderr()
	return out.exit(cmd.Run())
}

// runPolicyPack runs a Node.js policy pack as CLI 3.259's own host does: the pack's
// @pulumi/pulumi/cmd/run-policy-pack, in the pack's directory, with the engine's address and then
// the pack's directory as arguments, its output streamed back and its exit code last.
func runPolicyPack(stream grpc.ServerStream, req *pulumirpc.RunPluginRequest) error {
	ctx := stream.Context()
	out := &pluginStreams{stream: stream}
	dir := req.GetInfo().GetProgramDirectory()
	node, runPath, err := locateScript(ctx, dir, "@pulumi/pulumi/cmd/run-policy-pack")
	if err != nil {
		return err
	}

	policyProxy, packStdout, err := sdk.NewPolicyProxy(ctx, out.stdout())
	if err != nil {
		return fmt.Errorf("could not start policy pack proxy: %w", err)
	}
	config, err := policyProxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get stack configuration: %w", err)
	}
	env := append([]string(nil), req.GetEnv()...)
	if config != nil {
		add := func(key, value string) {
			if value != "" {
				env = append(env, key+"="+value)
			}
		}
		add("PULUMI_NODEJS_ORGANIZATION", config.GetOrganization())
		add("PULUMI_NODEJS_PROJECT", config.GetProject())
		add("PULUMI_NODEJS_STACK", config.GetStack())
		add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(config.GetDryRun()))
		if config.GetConfig() != nil {
			encoded, err := json.Marshal(config.GetConfig())
			if err != nil {
				return err
			}
			add("PULUMI_CONFIG", string(encoded))
		}
	}

	args := append([]string{runPath}, req.GetArgs()...)
	cmd := exec.CommandContext(ctx, node, append(args, dir)...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = packStdout
	cmd.Stderr = out.stderr()
	if err := cmd.Start(); err != nil {
		return err
	}
	return out.exit(policyProxy.Attach(ctx, cmd))
}
