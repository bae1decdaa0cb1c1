// The starter catalog shipped with the product: official templates for the middleware the seed
// platform offers. Each refers to an image in the platform registry's official scope
// (`${CAAS_REGISTRY}/official/<name>:<tag>`); the store shows when one is not imported yet.
import type { Question } from "../questions";

export interface StarterTemplate {
  key: string;
  name: string;
  category: string;
  description: string;
  readme: string;
  version: string;
  compose: string;
  questions: Question[];
}

const image = (name: string) => `\${CAAS_REGISTRY}/official/${name}`;
const howToAdd = (name: string, tag: string) =>
  [
    "",
    "## Image",
    "",
    `This template runs \`official/${name}:${tag}\` from the platform registry. If the store says the image is missing, a platform`,
    `administrator adds it: \`docker pull ${name}:${tag}\`, \`docker save -o ${name}.tar ${name}:${tag}\`, then`,
    `Images → Import official image (or \`POST /api/v1/images/import?name=${name}&tag=${tag}\` with the tar as the body).`,
  ].join("\n");

export const STARTER_TEMPLATES: StarterTemplate[] = [
  {
    key: "starter/static-web",
    name: "Static web server",
    category: "Web server",
    description: "A small HTTP server (busybox httpd) serving one page: the quickest way to check an environment.",
    readme: "# Static web server\n\nServes a single page with the text you give, on a port from the environment's pool." + howToAdd("busybox", "latest"),
    version: "1.0.0",
    compose: [
      "services:",
      "  web:",
      `    image: ${image("busybox:latest")}`,
      '    command: ["sh", "-c", "mkdir -p /www && echo \\"$$PAGE_TEXT\\" > /www/index.html && exec httpd -f -p 80 -h /www"]',
      "    environment:",
      "      PAGE_TEXT: ${PAGE_TEXT}",
      "    deploy:",
      "      replicas: ${REPLICAS}",
      "    ports:",
      '      - "80"',
      "",
    ].join("\n"),
    questions: [
      { variable: "PAGE_TEXT", label: "Page text", type: "string", required: true, default: "Hello from the app store" },
      { variable: "REPLICAS", label: "Replicas", type: "int", min: 1, max: 5, default: 1, required: true },
    ],
  },
  {
    key: "starter/nginx",
    name: "Nginx",
    category: "Web server",
    description: "Nginx web server and reverse proxy.",
    readme: "# Nginx\n\nThe nginx web server with its default page, published on a port from the pool." + howToAdd("nginx", "1.27"),
    version: "1.27",
    compose: ["services:", "  nginx:", `    image: ${image("nginx:1.27")}`, "    ports:", '      - "80"', ""].join("\n"),
    questions: [],
  },
  {
    key: "starter/redis",
    name: "Redis",
    category: "Cache",
    description: "Redis in-memory data store with a password.",
    readme: "# Redis\n\nOne Redis server protected by the password you choose (stored sealed, never shown again)." + howToAdd("redis", "7"),
    version: "7",
    compose: [
      "services:",
      "  redis:",
      `    image: ${image("redis:7")}`,
      '    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD}", "--maxmemory", "${MAX_MEMORY}"]',
      "    ports:",
      '      - "6379"',
      "",
    ].join("\n"),
    questions: [
      { variable: "REDIS_PASSWORD", label: "Password", type: "password", required: true },
      { variable: "MAX_MEMORY", label: "Max memory", type: "enum", options: ["64mb", "128mb", "256mb"], default: "128mb", required: true },
    ],
  },
  {
    key: "starter/mysql",
    name: "MySQL",
    category: "Database",
    description: "MySQL relational database with a data volume.",
    readme: "# MySQL\n\nOne MySQL server; data in a named volume of the app." + howToAdd("mysql", "8.4"),
    version: "8.4",
    compose: [
      "services:",
      "  mysql:",
      `    image: ${image("mysql:8.4")}`,
      "    environment:",
      "      MYSQL_ROOT_PASSWORD: ${ROOT_PASSWORD}",
      "      MYSQL_DATABASE: ${DATABASE}",
      "    volumes:",
      "      - data:/var/lib/mysql",
      "    ports:",
      '      - "3306"',
      "volumes:",
      "  data: {}",
      "",
    ].join("\n"),
    questions: [
      { variable: "ROOT_PASSWORD", label: "Root password", type: "password", required: true },
      { variable: "DATABASE", label: "Database to create", type: "string", default: "app" },
    ],
  },
  {
    key: "starter/postgresql",
    name: "PostgreSQL",
    category: "Database",
    description: "PostgreSQL relational database with a data volume.",
    readme: "# PostgreSQL\n\nOne PostgreSQL server; data in a named volume of the app." + howToAdd("postgres", "16"),
    version: "16",
    compose: [
      "services:",
      "  postgres:",
      `    image: ${image("postgres:16")}`,
      "    environment:",
      "      POSTGRES_PASSWORD: ${PASSWORD}",
      "      POSTGRES_DB: ${DATABASE}",
      "    volumes:",
      "      - data:/var/lib/postgresql/data",
      "    ports:",
      '      - "5432"',
      "volumes:",
      "  data: {}",
      "",
    ].join("\n"),
    questions: [
      { variable: "PASSWORD", label: "Password of the postgres user", type: "password", required: true },
      { variable: "DATABASE", label: "Database to create", type: "string", default: "app" },
    ],
  },
  {
    key: "starter/tomcat",
    name: "Tomcat",
    category: "Application server",
    description: "Apache Tomcat servlet container.",
    readme: "# Tomcat\n\nApache Tomcat on port 8080 inside, published from the pool." + howToAdd("tomcat", "10.1"),
    version: "10.1",
    compose: [
      "services:",
      "  tomcat:",
      `    image: ${image("tomcat:10.1")}`,
      "    environment:",
      "      JAVA_OPTS: ${JAVA_OPTS}",
      "    ports:",
      '      - "8080"',
      "",
    ].join("\n"),
    questions: [{ variable: "JAVA_OPTS", label: "JVM options", type: "string", default: "-Xmx256m" }],
  },
  {
    key: "starter/rabbitmq",
    name: "RabbitMQ",
    category: "Message queue",
    description: "RabbitMQ message broker with its management console.",
    readme: "# RabbitMQ\n\nAMQP on 5672 and the management console on 15672, both published from the pool." + howToAdd("rabbitmq", "3.13-management"),
    version: "3.13",
    compose: [
      "services:",
      "  rabbitmq:",
      `    image: ${image("rabbitmq:3.13-management")}`,
      "    environment:",
      "      RABBITMQ_DEFAULT_USER: ${USER}",
      "      RABBITMQ_DEFAULT_PASS: ${PASSWORD}",
      "    ports:",
      '      - "5672"',
      '      - "15672"',
      "",
    ].join("\n"),
    questions: [
      { variable: "USER", label: "User", type: "string", default: "admin", required: true },
      { variable: "PASSWORD", label: "Password", type: "password", required: true },
    ],
  },
];
