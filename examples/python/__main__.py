"""Milvus and Jaeger with tracing, deployed from Python through the MilvusTracing component.

The stack file takes the same settings as the TypeScript program (target, sampleFraction, secure,
ports, ...; see the main README): each MilvusTracing arg is read from the stack config under its
camelCase name, as a bool, a number or a string after the arg's type in the generated SDK.
"""

import inspect

import pulumi
import pulumi_milvus_tracing as milvus_tracing


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word.title() for word in rest)


def args_from_config(config: pulumi.Config) -> dict:
    args = {}
    for name, parameter in inspect.signature(milvus_tracing.MilvusTracingArgs.__init__).parameters.items():
        if name == "__self__":
            continue
        kind = str(parameter.annotation)
        key = camel(name)
        if "bool" in kind:
            value = config.get_bool(key)
        elif "float" in kind or "int" in kind:
            value = config.get_float(key)
        else:
            value = config.get(key)
        if value is not None:
            args[name] = value
    return args


tracing = milvus_tracing.MilvusTracing("milvus-tracing", **args_from_config(pulumi.Config()))

pulumi.export("milvusAddress", tracing.milvus_address)
pulumi.export("jaegerQueryUrl", tracing.jaeger_query_url)
pulumi.export("jaegerUiUrl", tracing.jaeger_ui_url)
pulumi.export("otlpEndpoint", tracing.otlp_endpoint)
