package example;

import io.github.cdkappstreamimportedimage.ImageSource;
import io.github.cdkappstreamimportedimage.ImportedImage;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.appstream.CfnFleet;
import software.amazon.awscdk.services.appstream.CfnFleet.ComputeCapacityProperty;

/**
 * The README's example (README "Use it") in Java, against the package jsii-pacmak built into
 * dist/java and aws-cdk-lib from Maven Central. `npx projen languages` runs it and compares its
 * templates with the TypeScript example's.
 */
public final class ExampleApp {
    public static void main(final String[] args) {
        App app = new App();
        Stack imageStack = new Stack(app, "ImageStack");

        ImportedImage image = ImportedImage.Builder.create(imageStack, "GoldenImage")
                .source(ImageSource.fromAmiId("ami-0123456789abcdef0"))
                .displayName("Golden Windows image")
                .timeout(Duration.hours(3))
                .build();

        // In another stack: the fleet reads the image's ARN from an SSM parameter the image publishes
        // once it is AVAILABLE. The fleet stack deploys after the image stack, and follows every new
        // image (a new AMI) in the same `cdk deploy --all`.
        Stack fleetStack = new Stack(app, "FleetStack");
        CfnFleet.Builder.create(fleetStack, "Fleet")
                .name("golden-fleet")
                .instanceType("GeneralPurpose.t3.large")
                .imageArn(image.referenceFrom(fleetStack).getImageArn())
                .computeCapacity(ComputeCapacityProperty.builder().desiredInstances(2).build())
                .build();

        app.synth();
    }
}
